// The compiler's messages for the contract's rules: each misuse is compiled
// against the built dist/index.d.ts, and its message must name the rule's type,
// so that a user can act on it without reading the declarations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(root, '.cache', 'messages');
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The interfaces most misuses name, imported ahead of their code. */
const prelude = "import type { AbcChannel, AbcConnection, AbcPlainChannel, AbcPool } from 'aioredis-abc';\n";

/** Runs the compiler on `source`, strict unless `options` say otherwise, and returns its exit status and what it printed. */
function tsc(name, source, options = {}) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.ts'), `${source}\n`);
  const compilerOptions = { strict: true, target: 'es2022', lib: ['es2022'], module: 'nodenext', moduleResolution: 'nodenext', types: [], noEmit: true, noUnusedLocals: false, ...options };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
  return spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
}

/**
 * Compiles `code`, which must fail, and returns what the compiler printed:
 * after the prelude's imports unless `prelude` is false (for code that imports
 * its own), with the other `options` over the strict compiler options.
 */
function compile(name, code, { prelude: imports = true, ...options } = {}) {
  const result = tsc(name, imports ? `${prelude}${code}` : code, options);
  assert.notEqual(result.status, 0, `the misuse compiled:\n${code}`);
  return result.stdout;
}

/**
 * The "before" code of a migration: the example `file` in examples/ with its
 * change undone (`after` put back to `before`), so that the two differ by that
 * change alone.
 */
function undo(file, after, before) {
  const example = readFileSync(join(root, 'examples', file), 'utf8');
  assert.ok(example.includes(after), `examples/${file} no longer has: ${after}`);
  return example.replace(after, before);
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

/**
 * Misuses of `executePubsub()` on the contract's interfaces, each with what the
 * first line of the compiler's message must say: the rule that was broken, not
 * "No overload matches this call.", whose reason comes lines later.
 */
const pubsubMisuses = [
  { what: 'a pattern channel with SUBSCRIBE', channel: 'AbcPatternChannel<string>', call: "'SUBSCRIBE', channel", first: /error TS2345: Argument of type 'AbcPatternChannel<string>' is not assignable to parameter of type '.*PlainChannelTarget<string>.*'\./ },
  { what: 'a plain channel with PSUBSCRIBE', channel: 'AbcPlainChannel<string>', call: "'PSUBSCRIBE', channel", first: /error TS2345: Argument of type 'AbcPlainChannel<string>' is not assignable to parameter of type '.*PatternChannelTarget<string>.*'\./ },
  { what: 'a pattern channel with SSUBSCRIBE', channel: 'AbcPatternChannel<string>', call: "'SSUBSCRIBE', channel", first: /error TS2345: Argument of type 'AbcPatternChannel<string>' is not assignable to parameter of type '.*PlainChannelTarget<string>.*'\./ },
  { what: 'a pattern channel after a name', channel: 'AbcPatternChannel<string>', call: "'unsubscribe', 'news', channel", first: /error TS2345: Argument of type 'AbcPatternChannel<string>' is not assignable to parameter of type '.*PlainChannelTarget<string>.*'\./ },
  { what: 'a channel object with a command of either kind', channel: 'AbcPlainChannel<string>', call: "command as 'SUBSCRIBE' | 'PSUBSCRIBE', channel", first: /error TS2345: Argument of type 'AbcPlainChannel<string>' is not assignable to parameter of type '.*ChannelNamesOnly.*'\./ },
  { what: 'a channel object with a command of any kind', channel: 'AbcPlainChannel<string>', call: 'command, channel', first: /error TS2345: Argument of type 'AbcPlainChannel<string>' is not assignable to parameter of type '.*ChannelNamesOnly.*'\./ },
  { what: 'a channel of bytes on a utf-8 connection', channel: 'AbcPlainChannel<Uint8Array>', call: "'SUBSCRIBE', channel", first: /error TS2345: Argument of type 'AbcPlainChannel<Uint8Array(<ArrayBufferLike>)?>' is not assignable to parameter of type '.*PlainChannelTarget<string>.*'\./ },
  { what: 'no channel at all', channel: 'AbcPlainChannel<string>', call: "'SUBSCRIBE'", first: /error TS2555: Expected at least 2 arguments, but got 1\./ },
  { what: 'a command that is not a pub/sub one', channel: 'AbcPlainChannel<string>', call: "'PUBLISH', 'news'", first: /error TS2345: Argument of type '"PUBLISH"' is not assignable to parameter of type 'PubsubCommand'\./ },
];

for (const { what, channel, call, first } of pubsubMisuses) {
  for (const holder of ["AbcConnection<'utf-8'>", "AbcPool<AbcConnection<'utf-8'>>"]) {
    test(`${what}, given to an ${holder}'s executePubsub(), is named on the message's first line`, () => {
      const message = compile(
        `first-line-${what.replace(/\W+/g, '-')}-${holder.length}`,
        `import type { AbcPatternChannel, PubsubCommand } from 'aioredis-abc';\ndeclare const conn: ${holder};\ndeclare const command: PubsubCommand;\ndeclare const channel: ${channel};\nvoid command;\nvoid channel;\nvoid conn.executePubsub(${call});`,
      );
      assert.match(message.split('\n')[0], first, message);
    });
  }
}

test('a pool of something that is not a connection names PooledConnection', () => {
  const message = compile('pool-of-string', 'export type P = AbcPool<string>;');
  assert.match(message, /does not satisfy the constraint 'PooledConnection'/);
});

test('a channel class without the for await iterator is refused at implements, naming the missing member', () => {
  const before = undo(
    'channel.ts',
    "  [Symbol.asyncIterator](): AsyncIterator<M> {\n    const ended = (error: unknown) => (error instanceof ClosedError ? { value: undefined, done: true as const } : Promise.reject(error));\n    return { next: () => this.get().then((value) => ({ value, done: false as const }), ended) };\n  }\n\n",
    '',
  );
  const message = compile('channel-without-iterator', before, { prelude: false });
  assert.equal(message.match(/error TS/g)?.length, 1, message);
  assert.match(message, /error TS2420: Class 'QueueChannel<M>' incorrectly implements interface 'AbcPlainChannel<M>'\./);
  assert.match(message, /Property '\[Symbol\.asyncIterator\]' is missing in type 'QueueChannel<M>'/);
});

test('for await compiles over any channel the contract gives', () => {
  const result = tsc('loop-any-channel', `${prelude}export async function read(channel: AbcChannel, pool: AbcPool): Promise<void> {\n  for await (const message of channel) void message;\n  const news = pool.pubsubChannels.get('news');\n  if (news) for await (const message of news) void message;\n}`);
  assert.equal(result.status, 0, result.stdout);
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
  assert.ok(examples.length >= 7, `only ${examples.join(', ')}`);
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

test("0.3's BulkString<any>: a class generic in its encoding, made with null under strict: false, is no AbcConnection<null>", () => {
  const before = undo('migrate-0.3-encoding.ts', 'new WireConnection<null>(transport, null)', 'new WireConnection(transport, null)');
  const message = compile('migrate-0.3-encoding-before', before, { strict: false, prelude: false });
  assert.equal(message.match(/error TS/g)?.length, 1, message);
  assert.match(message, /error TS2322: Type 'WireConnection<any>' is not assignable to type 'AbcConnection<null>'\./);
  assert.match(message, /Type 'string' is not assignable to type 'Uint8Array<ArrayBufferLike>'\./);
  assert.equal(tsc('migrate-0.3-encoding-strict', before).status, 0, 'under strict, null is inferred as null and the before code compiles');
});

test("0.3's ChannelNamesOnly: a generic executePubsub's target narrowed to an object has no name", () => {
  const before = undo(
    'migrate-0.3-target-name.ts',
    "  executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]>;\n" +
      '  async executePubsub(command: PubsubCommand, ...channels: (ChannelName | AbcChannel)[]): Promise<PubsubConfirmation[]> {',
    "  async executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]> {",
  );
  const message = compile('migrate-0.3-target-name-before', before, { prelude: false });
  assert.equal(message.match(/error TS/g)?.length, 1, message);
  assert.match(message, /error TS2339: Property 'name' does not exist on type 'ChannelNamesOnly \| PlainChannelTarget<string> \| PatternChannelTarget<string>'\./);
  assert.match(message, /Property 'name' does not exist on type 'ChannelNamesOnly'\./);
});

test("0.3's migrations compile under strict: false too, where one of the breaks is", () => {
  const examples = readdirSync(join(root, 'examples')).filter((file) => /^migrate-0\.3.*\.ts$/.test(file));
  assert.ok(examples.length >= 5, `only ${examples.join(', ')}`);
  for (const file of examples) {
    const result = tsc(`loose-${file}`, readFileSync(join(root, 'examples', file), 'utf8'), { strict: false });
    assert.equal(result.status, 0, `examples/${file} under strict: false:\n${result.stdout}`);
  }
});

test("the kit's PooledConnection is ReusableConnection in 0.3, with one more member: stateChanged", () => {
  const kit = { prelude: false, types: ['node'] };
  const renamed = compile('kit-pooled-connection', "export type { PooledConnection } from 'aioredis-abc-kit';", kit);
  assert.equal(renamed.match(/error TS/g)?.length, 1, renamed);
  assert.match(renamed, /error TS2305: Module '"aioredis-abc-kit"' has no exported member 'PooledConnection'\./);
  const member = compile(
    'kit-reusable-connection',
    "import type { AbcConnection } from 'aioredis-abc';\nimport type { ReusableConnection } from 'aioredis-abc-kit';\n" +
      'export function reusable(conn: AbcConnection & { readonly inTransaction: boolean; readonly pendingCommands: number }): ReusableConnection {\n  return conn;\n}',
    kit,
  );
  assert.equal(member.match(/error TS/g)?.length, 1, member);
  assert.match(member, /Property 'stateChanged' is missing in type/);
});

test("the changelog's size of dist/index.d.ts is the built file's, and 0.2.0's is 34,820 bytes", () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const release = changelog.slice(changelog.indexOf('\n## '), changelog.indexOf('## 0.2.0'));
  const size = statSync(join(root, 'dist', 'index.d.ts')).size;
  const figure = `\`dist/index.d.ts\` is ${size.toLocaleString('en-US')} bytes (0.2.0's was 34,820 bytes)`;
  assert.ok(release.replace(/\s+/g, ' ').includes(figure), `CHANGELOG.md's 0.3.0 does not say: ${figure}`);
});
