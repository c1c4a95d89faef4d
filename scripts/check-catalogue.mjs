// Keeps the conformance suite's catalogue and the TSDoc of types/ the same:
// every sentence of the TSDoc either states a behaviour, and is then in the
// catalogue with an id that a case of the suite proves, or it does not, and is
// then listed in scripts/descriptive-sentences.txt ("declaration | sentence").
// Prints what it checked; exits 1 on a catalogued sentence the TSDoc no longer
// has, a TSDoc sentence in neither list, a stale descriptive line, an id with
// no case, or a case naming an id the catalogue does not have.
// Options: --types DIR, --descriptive FILE, --suite MODULE (exports catalogue and groups).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { tsdocSentences } from './tsdoc-sentences.mjs';

const { values } = parseArgs({
  options: {
    types: { type: 'string', default: 'types' },
    descriptive: { type: 'string', default: 'scripts/descriptive-sentences.txt' },
    suite: { type: 'string', default: 'packages/conformance/dist/index.js' },
  },
});

const { catalogue, groups } = await import(pathToFileURL(resolve(values.suite)).href);
const found = tsdocSentences(values.types);
const where = ({ at, sentence }) => `${at} | ${sentence}`;
const inTsdoc = new Set(found.map(where));
const descriptive = readFileSync(values.descriptive, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));
const catalogued = new Set(catalogue.map(where));
const cases = groups.flatMap((group) => group.cases);
const proved = new Set(cases.flatMap((testCase) => testCase.ids));
const ids = catalogue.map((entry) => entry.id);

const faults = [];
for (const entry of catalogue) if (!inTsdoc.has(where(entry))) faults.push(`catalogued, but no longer in the TSDoc: ${entry.id}: ${where(entry)}`);
for (const sentence of found) {
  const line = where(sentence);
  if (!catalogued.has(line) && !descriptive.includes(line)) faults.push(`in the TSDoc, but neither catalogued nor descriptive: ${line} (${sentence.file})`);
}
for (const line of descriptive) if (!inTsdoc.has(line)) faults.push(`listed as descriptive, but no longer in the TSDoc: ${line}`);
for (const line of descriptive) if (catalogued.has(line)) faults.push(`both catalogued and descriptive: ${line}`);
for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) faults.push(`an id is used twice in the catalogue: ${id}`);
for (const id of ids) if (!proved.has(id)) faults.push(`no case proves ${id}`);
for (const id of proved) if (!ids.includes(id)) faults.push(`a case names ${id}, which the catalogue does not have`);

const behaviour = found.filter((sentence) => catalogued.has(where(sentence))).length;
console.log(
  `TSDoc of ${values.types}: ${found.length} sentences, ${behaviour} of behaviour in the catalogue (${ids.length} ids, ` +
    `proved by ${cases.length} cases), ${found.length - behaviour} descriptive`,
);
for (const fault of faults) console.error(fault);
process.exit(faults.length > 0 ? 1 : 0);
