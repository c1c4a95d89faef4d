// The checking scripts can fail: each is run on a bad input and must say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'aioredis-abc-checks-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(script, args, cwd = scratch) {
  return spawnSync(process.execPath, [join(scripts, script), ...args], { cwd, encoding: 'utf8' });
}

test('check-declarations fails on an undocumented member and on any', () => {
  const file = join(scratch, 'bad.d.ts');
  writeFileSync(file, '/** Documented. */\nexport interface X {\n  a: any;\n  /** Documented. */\n  b(): void;\n}\nexport type Y = string;\n');
  const result = run('check-declarations.mjs', [file]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /undocumented: .*X\.a/);
  assert.match(result.stderr, /undocumented: .* Y/);
  assert.match(result.stderr, /any: .*a: any/);
  assert.doesNotMatch(result.stderr, /X\.b/);
});

test('check-declarations passes a fully documented file without any', () => {
  const file = join(scratch, 'good.d.ts');
  writeFileSync(file, '/** Documented. */\nexport interface X {\n  /** Documented. */\n  a: unknown;\n}\n');
  assert.equal(run('check-declarations.mjs', [file]).status, 0);
});

test('check-readme fails on a block that differs from its file, on a block that names none, and on a long file', () => {
  const dir = join(scratch, 'readme');
  mkdirSync(join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'examples', 'a.ts'), '// examples/a.ts: a file.\nexport const a = 1;\n');
  writeFileSync(join(dir, 'README.md'), '```ts\n// examples/a.ts: a file.\nexport const a = 2;\n```\n\n```ts\nconst loose = 1;\n```\n');
  const result = run('check-readme.mjs', [], dir);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /examples\/a\.ts: the block differs/);
  assert.match(result.stderr, /does not name its file/);
  writeFileSync(join(dir, 'README.md'), '```ts\n// examples/a.ts: a file.\nexport const a = 1;\n```\n');
  assert.equal(run('check-readme.mjs', [], dir).status, 0);
  const long = `// examples/long.ts: a long file.\n${'export {};\n'.repeat(45)}`;
  writeFileSync(join(dir, 'examples', 'long.ts'), long);
  writeFileSync(join(dir, 'README.md'), `\`\`\`ts\n${long}\`\`\`\n`);
  const tooLong = run('check-readme.mjs', [], dir);
  assert.equal(tooLong.status, 1);
  assert.match(tooLong.stderr, /examples\/long\.ts has more than 45 lines: link to it instead/);
});

/** A types folder, a suite module and a descriptive list for check-catalogue, in a folder of their own. */
function catalogueFixture(name, { tsdoc, catalogue, caseIds, descriptive }) {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'types'), { recursive: true });
  writeFileSync(join(dir, 'types', 'thing.d.ts'), `/**\n * ${tsdoc.join('\n * ')}\n */\nexport interface Thing {}\n`);
  writeFileSync(
    join(dir, 'suite.mjs'),
    `export const catalogue = ${JSON.stringify(catalogue)};\nexport const groups = [{ name: 'all', cases: [{ ids: ${JSON.stringify(caseIds)}, title: 'a case' }] }];\n`,
  );
  writeFileSync(join(dir, 'descriptive.txt'), `# descriptive\n${descriptive.join('\n')}\n`);
  return run('check-catalogue.mjs', ['--types', 'types', '--suite', 'suite.mjs', '--descriptive', 'descriptive.txt'], dir);
}

const closes = { id: 'thing.closes', at: 'Thing', sentence: 'Closing it twice does nothing.' };

test('check-catalogue passes when every sentence is catalogued or descriptive and every id has a case', () => {
  const result = catalogueFixture('catalogue-good', {
    tsdoc: ['A thing.', 'Closing it twice does nothing.'],
    catalogue: [closes],
    caseIds: ['thing.closes'],
    descriptive: ['Thing | A thing.'],
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /2 sentences, 1 of behaviour/);
});

test('check-catalogue fails on a catalogued sentence removed from the TSDoc', () => {
  const result = catalogueFixture('catalogue-removed', { tsdoc: ['A thing.'], catalogue: [closes], caseIds: ['thing.closes'], descriptive: ['Thing | A thing.'] });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /catalogued, but no longer in the TSDoc: thing\.closes/);
});

test('check-catalogue fails on a behaviour sentence of the TSDoc that is not catalogued', () => {
  const result = catalogueFixture('catalogue-missing', {
    tsdoc: ['A thing.', 'Closing it twice does nothing.', 'Opening it rejects with a TypeError.'],
    catalogue: [closes],
    caseIds: ['thing.closes'],
    descriptive: ['Thing | A thing.'],
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /neither catalogued nor descriptive: Thing \| Opening it rejects with a TypeError\./);
});

test('check-catalogue fails on an id that no case proves', () => {
  const result = catalogueFixture('catalogue-untested', {
    tsdoc: ['A thing.', 'Closing it twice does nothing.'],
    catalogue: [closes],
    caseIds: [],
    descriptive: ['Thing | A thing.'],
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /no case proves thing\.closes/);
});

/** A scratch tree of workspace packages for check-import-circles: each file's text by its path. */
function circlesFixture(name, files) {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return run('check-import-circles.mjs', [], dir);
}

test('check-import-circles fails on a circle of type-only imports, and on one across packages through their names', () => {
  const result = circlesFixture('circles-bad', {
    'packages/a/package.json': '{ "name": "a" }',
    'packages/a/src/index.ts': "export { Server } from './server.js';\nexport { a } from './uses-b.js';\n",
    'packages/a/src/server.ts': "import { Connection } from './connection.js';\nexport class Server { c?: Connection; }\n",
    'packages/a/src/connection.ts': "import type {\n  Server,\n} from './server.js';\nexport class Connection { s?: Server; }\n",
    'packages/a/src/uses-b.ts': "import { b } from 'b';\nexport const a = b;\n",
    'packages/b/package.json': '{ "name": "b" }',
    'packages/b/src/index.ts': "export type { A } from './a.js';\nexport const b = 1;\n",
    'packages/b/src/a.ts': "export type A = typeof import('a').a;\n",
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /import circle \(2 files\): packages\/a\/src\/(connection|server)\.ts -> packages\/a\/src\/(server|connection)\.ts -> /);
  assert.match(result.stderr, /import circle \(4 files\): .*packages\/b\/src\/a\.ts/);
});

test('check-import-circles passes a tree whose imports go one way, and the project\'s own packages', () => {
  const result = circlesFixture('circles-good', {
    'packages/a/package.json': '{ "name": "a" }',
    'packages/a/src/index.ts': "export { Server } from './server.js';\n",
    'packages/a/src/server.ts': "import type { Options } from './options/index.js';\nexport class Server { o?: Options; }\n",
    'packages/a/src/options/index.ts': 'export interface Options { readonly db?: number }\n',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /3 files under packages\/\*\/src, no import circle/);
  const own = run('check-import-circles.mjs', [], dirname(scripts));
  assert.equal(own.status, 0, own.stderr);
});

/** The most lines a source file of a package may have: past it, a file does more than one job. */
const maxSourceLines = 400;

/** Every TypeScript file under packages/*\/src, by path. */
function sourceFiles(packages = join(dirname(scripts), 'packages')) {
  return readdirSync(packages).flatMap((name) => {
    const src = join(packages, name, 'src');
    return existsSync(src) ? readdirSync(src, { recursive: true }).filter((path) => path.endsWith('.ts')).map((path) => join(src, path)) : [];
  });
}

test(`no source file of a package is over ${maxSourceLines} lines`, () => {
  const files = sourceFiles();
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  const long = files.map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length - 1 })).filter(({ lines }) => lines > maxSourceLines);
  assert.deepEqual(long, []);
});

/** A kit for api-report in a scratch tree: an index that re-exports a thing whose name is of type `nameType`. */
function writeKit(dir, nameType) {
  const kit = join(dir, 'packages', 'kit');
  mkdirSync(join(kit, 'dist'), { recursive: true });
  writeFileSync(join(kit, 'package.json'), '{ "name": "aioredis-abc-kit" }\n');
  writeFileSync(join(kit, 'tsconfig.json'), '{ "compilerOptions": { "strict": true, "types": [] } }\n');
  writeFileSync(join(kit, 'dist', 'index.d.ts'), "export { thing, type Thing } from './thing.js';\n");
  writeFileSync(join(kit, 'dist', 'thing.d.ts'), `/** A thing. */\nexport interface Thing {\n  readonly name: ${nameType};\n}\n/** Makes one. */\nexport declare function thing(): Thing;\n`);
}

/** A scratch package for api-report: built declarations, a git history whose main has a report, and the branch checked out. */
function apiFixture(name, kit = false) {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const git = (...args) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'dist', 'index.d.ts'), '/** A thing. */\nexport interface Thing {\n  /** Its name. */\n  readonly name: string;\n}\n');
  if (kit) writeKit(dir, 'string');
  assert.equal(run('api-report.mjs', ['--update'], dir).status, 0);
  git('add', '-A');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'work');
  return { dir, git };
}

test('api-report passes when the declarations are the report and nothing changed since main', () => {
  const { dir } = apiFixture('api-same');
  const result = run('api-report.mjs', [], dir);
  assert.equal(result.status, 0, result.stderr);
});

test('api-report fails when the public declarations change without the report, then without a changeset, and passes with both', () => {
  const { dir } = apiFixture('api-changed');
  writeFileSync(join(dir, 'dist', 'index.d.ts'), '/** A thing. */\nexport interface Thing {\n  /** Its name. */\n  readonly name: string | Uint8Array;\n}\n');
  const stale = run('api-report.mjs', [], dir);
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /is not the public declarations of dist\/index\.d\.ts/);
  assert.equal(run('api-report.mjs', ['--update'], dir).status, 0);
  const unannounced = run('api-report.mjs', [], dir);
  assert.equal(unannounced.status, 1);
  assert.match(unannounced.stderr, /no changeset was added: run npx changeset/);
  mkdirSync(join(dir, '.changeset'), { recursive: true });
  writeFileSync(join(dir, '.changeset', 'names-as-bytes.md'), "---\n'aioredis-abc': minor\n---\n\nA thing's name may be bytes.\n");
  const announced = run('api-report.mjs', [], dir);
  assert.equal(announced.status, 0, announced.stderr);
});

test('api-report ignores a change to the comments alone', () => {
  const { dir } = apiFixture('api-comments');
  writeFileSync(join(dir, 'dist', 'index.d.ts'), '/** A thing, told better. */\nexport interface Thing {\n  /** Its name. */\n  readonly name: string;\n}\n');
  assert.equal(run('api-report.mjs', [], dir).status, 0);
});

test('api-report bundles what the kit re-exports into its own report, and a change to it needs a changeset that bumps the kit', () => {
  const { dir } = apiFixture('api-kit', true);
  const report = readFileSync(join(dir, 'api', 'aioredis-abc-kit.api.d.ts'), 'utf8');
  assert.match(report, /export interface Thing \{\n {4}readonly name: string;\n\}\nexport declare function thing\(\): Thing;/);
  assert.doesNotMatch(report, /A thing/);
  writeKit(dir, 'string | Uint8Array');
  const stale = run('api-report.mjs', [], dir);
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /api\/aioredis-abc-kit\.api\.d\.ts is not the public declarations of packages\/kit\/dist\/index\.d\.ts/);
  assert.equal(run('api-report.mjs', ['--update'], dir).status, 0);
  mkdirSync(join(dir, '.changeset'), { recursive: true });
  writeFileSync(join(dir, '.changeset', 'contract-only.md'), "---\n'aioredis-abc-memory': patch\n---\n\nThe kit is not named here.\n");
  const unannounced = run('api-report.mjs', [], dir);
  assert.equal(unannounced.status, 1);
  assert.match(unannounced.stderr, /public declarations of aioredis-abc-kit differ from main's, and no changeset bumping aioredis-abc-kit was added/);
  writeFileSync(join(dir, '.changeset', 'names-as-bytes.md'), "---\n'aioredis-abc-kit': minor\n---\n\nA thing's name may be bytes.\n");
  const announced = run('api-report.mjs', [], dir);
  assert.equal(announced.status, 0, announced.stderr);
  assert.match(announced.stdout, /aioredis-abc-kit changed since main, with names-as-bytes\.md/);
});

test('pack-manifest takes the repository-only fields out of package.json for packing and puts the file back as it was', () => {
  const dir = join(scratch, 'pack-manifest');
  mkdirSync(dir, { recursive: true });
  const original = `${JSON.stringify({ name: 'x', version: '1.0.0', workspaces: ['a'], overrides: { x: 'file:.' }, tsd: { compilerOptions: {} } }, null, 2)}\n`;
  writeFileSync(join(dir, 'package.json'), original);
  assert.equal(run('pack-manifest.mjs', ['strip'], dir).status, 0);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), { name: 'x', version: '1.0.0' });
  assert.equal(run('pack-manifest.mjs', ['restore'], dir).status, 0);
  assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), original);
});

test('check-pack fails on a workspace README with a relative link and on packages without their licence or changelog, and not once they are fixed', () => {
  const dir = join(scratch, 'check-pack');
  const workspace = join(dir, 'packages', 'adapter');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  const manifest = { name: 'root', version: '1.0.0', files: ['dist/index.d.ts', 'dist/index.d.mts', 'CHANGELOG.md'], workspaces: ['packages/adapter'] };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const file of ['README.md', 'LICENSE', 'dist/index.d.ts', 'dist/index.d.mts']) writeFileSync(join(dir, file), 'x\n');
  writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: 'adapter', version: '1.0.0', files: ['CHANGELOG.md'] }));
  writeFileSync(join(workspace, 'README.md'), 'See [the kit](../kit/README.md) and [npm](https://www.npmjs.com/package/adapter).\n');
  const relative = 'packages/adapter/README.md: a relative link, broken on the registry: ../kit/README.md';
  const missing = ['packages/adapter: missing from the package: LICENSE', 'packages/adapter: missing from the package: CHANGELOG.md', 'missing from the package: CHANGELOG.md'];
  const failed = run('check-pack.mjs', [], dir);
  assert.equal(failed.status, 1);
  for (const fault of [relative, ...missing]) assert.ok(failed.stderr.split('\n').includes(fault), failed.stderr);
  writeFileSync(join(workspace, 'README.md'), 'See [the kit](https://www.npmjs.com/package/kit).\n');
  for (const file of [join(workspace, 'LICENSE'), join(workspace, 'CHANGELOG.md'), join(dir, 'CHANGELOG.md')]) writeFileSync(file, 'x\n');
  const fixed = run('check-pack.mjs', [], dir);
  for (const fault of [relative, ...missing]) assert.ok(!fixed.stderr.split('\n').includes(fault), fixed.stderr);
  assert.match(fixed.stdout, /npm pack -w packages\/adapter: 4 files, the README's links absolute/);
});
