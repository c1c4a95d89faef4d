// The checking scripts can fail: each is run on a bad input and must say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

test('check-readme fails on a block that differs from its file and on a block that names none', () => {
  const dir = join(scratch, 'readme');
  mkdirSync(join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'examples', 'a.ts'), '// examples/a.ts: a file.\nexport const a = 1;\n');
  writeFileSync(join(dir, 'README.md'), '```ts\n// examples/a.ts: a file.\nexport const a = 2;\n```\n\n```ts\nconst loose = 1;\n```\n');
  const result = run('check-readme.mjs', [], dir);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /examples\/a\.ts: the README block differs/);
  assert.match(result.stderr, /does not name its file/);
  writeFileSync(join(dir, 'README.md'), '```ts\n// examples/a.ts: a file.\nexport const a = 1;\n```\n');
  assert.equal(run('check-readme.mjs', [], dir).status, 0);
});
