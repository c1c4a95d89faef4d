// The sentences of the TSDoc comments in types/: what the catalogue of the
// conformance suite is checked against. A sentence is prose from a `/** */`
// comment, without its @example code and its tables (a table's rows are
// data, each said in the sentences around it), with its whitespace collapsed, and it is
// found at the declaration the comment documents: `AbcConnection.execute`,
// `AbcConnection`, `ChannelName`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Splits one comment's prose into sentences. */
function sentencesOf(comment) {
  const prose = comment
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .filter((line) => !line.startsWith('|'))
    .join('\n')
    .replace(/@example[\s\S]*?```[\s\S]*?```/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return prose.split(/(?<=[.!?])\s+(?=[A-Z`'"(])/).filter((sentence) => sentence.length > 0);
}

const topLevel = /^export (?:interface|type) (\w+)/;
const member = /^\s+(?:readonly )?(\w+|\[[\w.]+\])[?(<:]/;

/** The name of the declaration that starts on `line`, and whether it opens an interface's body. */
function declarationOn(line) {
  const top = topLevel.exec(line);
  if (top) return { name: top[1], opensBody: /^export interface .*\{\s*$/.test(line) };
  const inner = member.exec(line);
  return inner ? { name: inner[1], opensBody: false, isMember: true } : null;
}

/** Every sentence of every TSDoc comment in the `.d.ts` files of `dir`, with its file and declaration. */
export function tsdocSentences(dir) {
  const found = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.d.ts')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    let owner = null;
    let open = null;
    let pending = null;
    for (const line of lines) {
      if (open === null && /^\s*\/\*\*/.test(line)) open = '';
      if (open !== null) {
        open += `${line}\n`;
        if (line.includes('*/')) {
          pending = open;
          open = null;
        }
        continue;
      }
      if (/^\}/.test(line)) owner = null;
      const declaration = declarationOn(line);
      if (declaration === null) continue;
      const at = declaration.isMember && owner ? `${owner}.${declaration.name}` : declaration.name;
      if (pending !== null) for (const sentence of sentencesOf(pending.trim())) found.push({ file, at, sentence });
      pending = null;
      if (declaration.opensBody) owner = declaration.name;
    }
  }
  return found;
}
