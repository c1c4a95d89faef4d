// npm run bench:shares: each construct's share of what the use-only fixture
// adds over use-baseline (TypeScript 6.0, skipLibCheck false). Builds variants
// of dist/index.d.ts, each with one construct taken out or put back as 0.2 had
// it, type-checks the use-only fixture against each, and prints the difference
// from the bundle as built. A variant that leaves the fixture with errors is
// still counted: the compiler reports what it instantiated.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilers, root } from './measure.mjs';

const tsc = compilers[0].tsc;
const work = join(root, '.cache', 'shares');
const bundle = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');
const fixture = readFileSync(join(root, 'bench', 'fixtures', 'use-only', 'index.ts'), 'utf8');
const baseline = readFileSync(join(root, 'bench', 'fixtures', 'use-baseline', 'index.ts'), 'utf8');

function replace(text, pattern, replacement) {
  if (!pattern.test(text)) throw new Error(`the bundle has no ${pattern}: update bench/shares.mjs`);
  return text.replace(pattern, replacement);
}

/** Each variant: what it changes, and the change. */
const variants = [
  ['execute(): the per-call encoding (O, ExecuteArgs<O>, Reply<O>)', (s) => replace(s, /execute<O extends Encoding = E>\(command: CommandName, \.\.\.args: ExecuteArgs<O>\): Promise<Reply<O>>;/, 'execute(command: CommandName, ...args: CommandArg[]): Promise<Reply<E>>;')],
  ['executePubsub(): its signature (removed)', (s) => replace(s, /\texecutePubsub<C extends PubsubCommand>[\s\S]*?Promise<PubsubConfirmation\[\]>;\n/, '')],
  ['pubsubChannels/pubsubPatterns: the encoding link (BulkString<E>)', (s) => replace(replace(s, /PubsubDictionary<false, BulkString<E>>/, 'PubsubDictionary<false>'), /PubsubDictionary<true, BulkString<E>>/, 'PubsubDictionary<true>')],
  ["AbcPool: extends AbcConnection<C['encoding']> (made AbcConnection)", (s) => replace(s, /extends AbcConnection<C\["encoding"\]>/, 'extends AbcConnection')],
  ['AbcPool: the 0.2 bound C extends AbcConnection (put back)', (s) => replace(s, /AbcPool<C extends PooledConnection = AbcConnection>/, 'AbcPool<C extends AbcConnection = AbcConnection>')],
  ['the error shapes (removed)', (s) => `${s.slice(0, s.lastIndexOf('/**', s.indexOf('export interface RedisError')))}\nexport {};\n`],
];

function count(name, library, code) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.d.ts'), library);
  writeFileSync(join(dir, 'use.ts'), code.replace("from 'aioredis-abc'", "from './index.js'"));
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(root, 'bench', 'fixtures', 'use-only', 'tsconfig.json'), 'utf8').replace('"index.ts"', '"use.ts"'));
  let output;
  try {
    output = execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--extendedDiagnostics'], { encoding: 'utf8' });
  } catch (error) {
    output = error.stdout;
  }
  return Number(/^Instantiations:\s+(\d+)/m.exec(output)[1]);
}

rmSync(work, { recursive: true, force: true });
const base = count('baseline', '', baseline);
const built = count('built', bundle, fixture) - base;
console.log(`use-only over use-baseline, as built: +${built} instantiations\n`);
console.log('| construct | use-only without it (or with 0.2\'s form) | its share (negative: what 0.2\'s form adds) |');
console.log('|---|--:|--:|');
variants.forEach(([what, change], i) => {
  const added = count(`variant-${i}`, change(bundle), fixture) - base;
  console.log(`| ${what} | +${added} | ${built - added} |`);
});
