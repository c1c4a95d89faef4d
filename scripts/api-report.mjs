// The API reports: the public declarations of each published package whose
// types are its interface, without their comments, as the compiler prints
// them, checked in under api/ so that every change to them shows in review:
//   aioredis-abc      dist/index.d.ts (already one bundled file)
//                     -> api/aioredis-abc.api.d.ts
//   aioredis-abc-kit  packages/kit/dist/index.d.ts and what it re-exports,
//                     bundled by dts-bundle-generator (the contract's types
//                     stay imports) -> api/aioredis-abc-kit.api.d.ts
// A package whose folder is missing (a scratch tree) has no report.
//   node scripts/api-report.mjs           checks: exits 1 when a report is not
//                                         the built declarations, or when it
//                                         differs from the base branch's and no
//                                         changeset was added since (for a
//                                         workspace package, one that bumps it).
//   node scripts/api-report.mjs --update  writes the reports.
// The base is $API_BASE, else the branch main; without git or the base, the
// changeset part says so and is skipped, and so it is for a report the base
// does not have yet.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const cwd = process.cwd();

/**
 * The packages reported: name, folder (the root is '.'), built entry, report,
 * whether the entry re-exports other files, and whether a changeset must bump
 * the package in its front matter (a workspace package) or may only name it in
 * its text (the root, whose CHANGELOG.md is written by hand: any changeset
 * added counts, as .changeset/README.md says).
 */
const packages = [
  { name: 'aioredis-abc', dir: '.', entry: 'dist/index.d.ts', report: 'api/aioredis-abc.api.d.ts', bundle: false, workspace: false },
  { name: 'aioredis-abc-kit', dir: 'packages/kit', entry: 'packages/kit/dist/index.d.ts', report: 'api/aioredis-abc-kit.api.d.ts', bundle: true, workspace: true },
].filter(({ dir }) => dir === '.' || existsSync(join(cwd, dir, 'package.json')));

/** The built declarations of a package as one file: the entry itself, or its bundle. */
async function declarations({ dir, entry, bundle }) {
  if (!bundle) return readFileSync(join(cwd, entry), 'utf8');
  const { generateDtsBundle } = await import('dts-bundle-generator');
  const output = { noBanner: true, exportReferencedTypes: false };
  const [text] = generateDtsBundle([{ filePath: join(cwd, entry), output }], { preferredConfigPath: join(cwd, dir, 'tsconfig.json'), followSymlinks: false });
  return text;
}

/** The report of one package: its declarations printed without comments, under a line that says what they are. */
function render(name, text) {
  const source = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const printed = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(source);
  return `// The public declarations of ${name}, without comments: written by node scripts/api-report.mjs --update.\n${printed}`;
}

/** The output of a git command in the working folder; throws when git fails. */
function git(args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** The changeset files of a folder listing (README.md aside). */
function changesetFiles(names) {
  return names.filter((file) => file.endsWith('.md') && file !== 'README.md');
}

/** The package names a changeset's front matter bumps. */
function bumped(file) {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(cwd, '.changeset', file), 'utf8'));
  return (front?.[1] ?? '').split('\n').map((line) => /^\s*['"]?([^'":\s]+)['"]?\s*:/.exec(line)?.[1]).filter(Boolean);
}

/** The changesets added since the base: every one in .changeset/ that the base's .changeset/ does not hold. */
function addedChangesets(base) {
  const now = changesetFiles(existsSync(join(cwd, '.changeset')) ? readdirSync(join(cwd, '.changeset')) : []);
  let before = [];
  try {
    before = changesetFiles(git(['ls-tree', '--name-only', `${base}:.changeset`]).split('\n'));
  } catch {
    before = [];
  }
  return now.filter((file) => !before.includes(file));
}

/** The base's copy of a report; `''` when the base has none, `undefined` when there is no base to compare with. */
function baseReport(base, report) {
  try {
    git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  } catch {
    return undefined;
  }
  try {
    return git(['show', `${base}:${report}`]);
  } catch {
    return '';
  }
}

/** The faults of one package's report: not the build, or changed since the base without a changeset for the package. */
function check({ name, entry, report, workspace }, current, base) {
  const committed = existsSync(join(cwd, report)) ? readFileSync(join(cwd, report), 'utf8') : '';
  const faults = [];
  if (committed !== current) faults.push(`${report} is not the public declarations of ${entry}: run npm run api:update, and review the diff`);
  const before = baseReport(base, report);
  if (before === undefined) console.log(`api-report: no ${base} to compare ${report} with; the changeset check is skipped`);
  else if (before === '') console.log(`api-report: ${base} has no ${report} yet; the changeset check is skipped`);
  else if (before !== committed) {
    const added = addedChangesets(base).filter((file) => !workspace || bumped(file).includes(name));
    const which = workspace ? `no changeset bumping ${name}` : 'no changeset';
    if (added.length === 0) faults.push(`the public declarations of ${name} differ from ${base}'s, and ${which} was added: run npx changeset`);
    else console.log(`api-report: the public declarations of ${name} changed since ${base}, with ${added.join(', ')}`);
  }
  if (faults.length === 0) console.log(`${report}: the public declarations, as built`);
  return faults;
}

/** Writes the reports, or checks them; exits 1 on any fault. */
async function main() {
  const update = process.argv.includes('--update');
  const base = process.env.API_BASE ?? 'main';
  const faults = [];
  for (const pkg of packages) {
    if (!existsSync(join(cwd, pkg.entry))) {
      faults.push(`${pkg.entry} is missing: run npm run build`);
      continue;
    }
    const current = render(pkg.name, await declarations(pkg));
    if (update) {
      mkdirSync(dirname(join(cwd, pkg.report)), { recursive: true });
      writeFileSync(join(cwd, pkg.report), current);
      console.log(`${pkg.report}: written`);
    } else faults.push(...check(pkg, current, base));
  }
  for (const fault of faults) console.error(fault);
  process.exit(faults.length > 0 ? 1 : 0);
}

await main();
