// The API report: the public declarations of dist/index.d.ts without their
// comments, as the compiler prints them, checked in as api/aioredis-abc.api.d.ts
// so that every change to the public types shows in review.
//   node scripts/api-report.mjs           checks: exits 1 when the report is not
//                                         the built declarations, or when it
//                                         differs from the base branch's and no
//                                         changeset was added since.
//   node scripts/api-report.mjs --update  writes the report.
// The base is $API_BASE, else the branch main; without git or the base, the
// changeset part says so and is skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const cwd = process.cwd();
const declarations = join(cwd, 'dist', 'index.d.ts');
const reportPath = 'api/aioredis-abc.api.d.ts';
const report = join(cwd, reportPath);

function render(text) {
  const source = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const printed = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(source);
  return `// The public declarations of aioredis-abc, without comments: written by node scripts/api-report.mjs --update.\n${printed}`;
}

function git(args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

const current = render(readFileSync(declarations, 'utf8'));
if (process.argv.includes('--update')) {
  mkdirSync(dirname(report), { recursive: true });
  writeFileSync(report, current);
  console.log(`${reportPath}: written`);
  process.exit(0);
}

const faults = [];
const committed = existsSync(report) ? readFileSync(report, 'utf8') : '';
if (committed !== current) faults.push(`${reportPath} is not the public declarations of dist/index.d.ts: run node scripts/api-report.mjs --update, and review the diff`);

const base = process.env.API_BASE ?? 'main';
let baseReport;
try {
  git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  try {
    baseReport = git(['show', `${base}:${reportPath}`]);
  } catch {
    baseReport = '';
  }
} catch {
  console.log(`api-report: no ${base} to compare with; the changeset check is skipped`);
}
if (baseReport !== undefined && baseReport !== committed) {
  const changesets = (dir) => (dir.length ? dir : []).filter((file) => file.endsWith('.md') && file !== 'README.md');
  const now = changesets(existsSync(join(cwd, '.changeset')) ? readdirSync(join(cwd, '.changeset')) : []);
  let before = [];
  try {
    before = changesets(git(['ls-tree', '--name-only', `${base}:.changeset`]).split('\n'));
  } catch {
    before = [];
  }
  const added = now.filter((file) => !before.includes(file));
  if (added.length === 0) faults.push(`the public declarations differ from ${base}'s, and no changeset was added: run npx changeset`);
  else console.log(`api-report: the public declarations changed since ${base}, with ${added.join(', ')}`);
}

for (const fault of faults) console.error(fault);
if (faults.length === 0) console.log(`${reportPath}: the public declarations, as built`);
process.exit(faults.length > 0 ? 1 : 0);
