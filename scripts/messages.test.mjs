// The compiler's messages for the contract's rules: each misuse is compiled
// against the built dist/index.d.ts, and its message must name the rule's type,
// so that a user can act on it without reading the declarations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(root, '.cache', 'messages');
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Compiles `code` under strict settings and returns what the compiler printed. */
function compile(name, code) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.ts'), `import type { AbcChannel, AbcConnection, AbcPlainChannel, AbcPool } from 'aioredis-abc';\n${code}\n`);
  const options = { strict: true, target: 'es2022', lib: ['es2022'], module: 'nodenext', moduleResolution: 'nodenext', types: [], noEmit: true, noUnusedLocals: false };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['index.ts'] }));
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.notEqual(result.status, 0, `the misuse compiled:\n${code}`);
  return result.stdout;
}

test('a channel of bytes given to a utf-8 connection is refused by name: PlainChannelTarget<string> and its putNowait', () => {
  const message = compile('bytes-channel', "declare const conn: AbcConnection<'utf-8'>;\ndeclare const channel: AbcPlainChannel<Uint8Array>;\nvoid conn.executePubsub('SUBSCRIBE', channel);");
  assert.match(message, /PlainChannelTarget<string>/);
  assert.match(message, /putNowait/);
});

for (const command of ["'SUBSCRIBE' | 'PSUBSCRIBE'", 'PubsubCommand']) {
  test(`a channel object given with a command of type ${command} is refused by name: ChannelNamesOnly`, () => {
    const message = compile(
      `union-command-${command.length}`,
      `import type { PubsubCommand } from 'aioredis-abc';\ndeclare const conn: AbcConnection<'utf-8'>;\ndeclare const command: ${command};\ndeclare const channel: AbcPlainChannel<string>;\nvoid conn.executePubsub(command, channel);`,
    );
    assert.match(message, /Type 'AbcPlainChannel<string>' is not assignable to type 'ChannelNamesOnly'/);
  });
}

test('a pool of something that is not a connection names PooledConnection', () => {
  const message = compile('pool-of-string', 'export type P = AbcPool<string>;');
  assert.match(message, /does not satisfy the constraint 'PooledConnection'/);
});

test('for await over a channel whose class may lack the iterator names the missing member', () => {
  const message = compile('loop-any-channel', 'export async function read(channel: AbcChannel): Promise<void> {\n  for await (const message of channel) void message;\n}');
  assert.match(message, /\[Symbol\.asyncIterator\]\(\)/);
});

test('the 0.1 code fails once per 0.2 breaking change', () => {
  const before = readFileSync(join(root, 'examples', 'migrate-0.2.before.ts'), 'utf8').replace(/^import type \{[^}]*\} from 'aioredis-abc';\n/m, '');
  const message = compile('migrate-0.2-before', before.replace(/^\/\/ examples.*\n/, '').replace(/^/, "import type { PatternMessage, PubsubCommand, PubsubConfirmation, PubsubDictionary, PubsubTarget } from 'aioredis-abc';\n"));
  assert.equal(message.match(/error TS/g)?.length, 3, message);
  assert.match(message, /'Dictionaries' is not assignable/);
  assert.match(message, /is not assignable to type 'PubsubTarget'/);
  assert.match(message, /'PatternMessage<string, R>' is not assignable to type 'PatternMessage<R>'/);
});

test('every migration example, before and after, is shown in the changelog as it is', () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const examples = readdirSync(join(root, 'examples')).filter((file) => file.startsWith('migrate-'));
  assert.ok(examples.length >= 4, `only ${examples.join(', ')}`);
  for (const file of examples) {
    assert.ok(changelog.includes(`\`\`\`ts\n${readFileSync(join(root, 'examples', file), 'utf8')}\`\`\``), `CHANGELOG.md does not show examples/${file} as it is`);
  }
});

test("0.3's ChannelNamesOnly: a target of a command of either kind used as a name fails, and names the rule", () => {
  const message = compile(
    'migrate-0.3-names-only-before',
    "import type { ChannelName, PubsubTarget } from 'aioredis-abc';\nexport function nameOf(target: PubsubTarget): ChannelName {\n  return target;\n}",
  );
  assert.equal(message.match(/error TS/g)?.length, 1, message);
  assert.match(message, /Type 'ChannelNamesOnly' is not assignable to type 'ChannelName'/);
});
