// The consumer matrix: the packed package, installed into scratch consumer
// projects, type-checked by every supported TypeScript release in every module
// mode it has, under a strictest and a loose profile. The consumer code is the
// README's examples (extracted, not retyped), a function over a connection and
// a pool in every import form, and one misuse that must still be an error.
// Prints the matrix as a table; exits 1 if any cell fails.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? dirname(new URL(import.meta.url).pathname), '..');
const work = join(root, '.cache', 'compat');

/** Every minor release from 4.7, each an npm alias in devDependencies. */
const compilers = ['4.7', '4.8', '4.9', '5.0', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '5.7', '5.8', '5.9', '6.0', '7.0'].map((version) => ({
  version,
  tsc: join(root, 'node_modules', `ts${version.replace('.', '')}`, 'bin', 'tsc'),
}));

const atLeast = (version, floor) => {
  const [major, minor] = version.split('.').map(Number);
  const [floorMajor, floorMinor] = floor.split('.').map(Number);
  return major > floorMajor || (major === floorMajor && minor >= floorMinor);
};

/**
 * The module modes: which project (CommonJS or ESM package) and which options,
 * and from which compiler to which the mode exists.
 */
const modes = [
  { name: 'node10', project: 'cjs', since: '4.7', until: '6.0', options: (v) => ({ module: 'commonjs', moduleResolution: atLeast(v, '5.0') ? 'node10' : 'node' }) },
  { name: 'node16 (CJS)', project: 'cjs', since: '4.7', options: () => ({ module: 'node16', moduleResolution: 'node16' }) },
  { name: 'node16 (ESM)', project: 'esm', since: '4.7', options: () => ({ module: 'node16', moduleResolution: 'node16' }) },
  { name: 'nodenext (CJS)', project: 'cjs', since: '4.7', options: () => ({ module: 'nodenext', moduleResolution: 'nodenext' }) },
  { name: 'nodenext (ESM)', project: 'esm', since: '4.7', options: () => ({ module: 'nodenext', moduleResolution: 'nodenext' }) },
  { name: 'bundler', project: 'esm', since: '5.0', options: () => ({ module: 'esnext', moduleResolution: 'bundler' }) },
  { name: 'preserve', project: 'esm', since: '5.4', options: () => ({ module: 'preserve' }) },
];

/**
 * The settings. verbatimModuleSyntax exists from 5.0, and TypeScript refuses
 * ESM import syntax in a CommonJS file under it, so it is on for ESM projects.
 */
const profiles = [
  {
    name: 'strictest',
    options: (version, mode) => ({
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noPropertyAccessFromIndexSignature: true,
      isolatedModules: true,
      skipLibCheck: false,
      ...(atLeast(version, '5.0') && mode.project === 'esm' ? { verbatimModuleSyntax: true } : {}),
    }),
  },
  { name: 'loose', options: () => ({ strict: false, skipLibCheck: false }) },
];

/** The code a consumer writes besides the README's: every import form, a connection, a pool, and a misuse. */
const consumerCode = `import type { AbcConnection, AbcPool, Reply } from 'aioredis-abc';
import { type AbcChannel, type PatternMessage } from 'aioredis-abc';
import type * as abc from 'aioredis-abc';

export async function readThrough(conn: AbcConnection<'utf-8'>, pool: AbcPool, key: string): Promise<Reply<'utf-8'> | abc.Reply> {
  const cached = await conn.execute('GET', key);
  if (cached !== null) return cached;
  const leased = await pool.acquire();
  try {
    return await leased.execute('GET', key, { encoding: null });
  } finally {
    pool.release(leased);
  }
}

export async function firstNews(conn: abc.AbcConnection): Promise<PatternMessage | undefined> {
  await conn.executePubsub('PSUBSCRIBE', 'news.*');
  const channel: AbcChannel<true> | undefined = conn.pubsubPatterns.get('news.*');
  return channel?.get();
}

export function misuse(conn: AbcConnection): void {
  // @ts-expect-error: a boolean is not a command argument; if this is not an error, the types have turned into any
  void conn.execute('SET', 'key', true);
}
`;

/** The README's TypeScript blocks that a consumer compiles: those that import nothing but the contract and each other. */
function readmeExamples() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const files = [];
  for (const [, code] of readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const file = /^\/\/ (examples\/[\w./-]+\.ts):/.exec(code)?.[1];
    if (!file) throw new Error(`a README block names no file: ${code.split('\n')[0]}`);
    const imports = [...code.matchAll(/from '([^']+)'/g)].map(([, from]) => from);
    if (imports.every((from) => from === 'aioredis-abc' || from.startsWith('.'))) files.push({ file, code });
  }
  return files;
}

function sh(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Packs the package, and installs the tarball into each consumer project unless the same one is there. */
function prepare() {
  mkdirSync(work, { recursive: true });
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], root))[0];
  const tarball = join(work, packed.filename);
  const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  const examples = readmeExamples();
  for (const project of ['cjs', 'esm']) {
    const dir = join(work, project);
    const stamp = join(dir, 'node_modules', '.installed');
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${project}`, private: true, type: project === 'esm' ? 'module' : 'commonjs' }, null, 2));
      sh('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', tarball], dir);
      writeFileSync(stamp, digest);
    }
    rmSync(join(dir, 'src'), { recursive: true, force: true });
    for (const { file, code } of examples) {
      mkdirSync(dirname(join(dir, 'src', file)), { recursive: true });
      writeFileSync(join(dir, 'src', file), code);
    }
    writeFileSync(join(dir, 'src', 'consumer.ts'), consumerCode);
  }
  return { examples: examples.length, size: packed.size };
}

function cells() {
  const list = [];
  for (const compiler of compilers) {
    for (const mode of modes) {
      const supported = atLeast(compiler.version, mode.since) && (!mode.until || atLeast(mode.until, compiler.version));
      for (const profile of profiles) list.push({ compiler, mode, profile, supported });
    }
  }
  return list;
}

/** Type-checks one cell; resolves with null on success or the first error. */
function check({ compiler, mode, profile }) {
  const dir = join(work, mode.project);
  const config = `tsconfig.${compiler.version}.${mode.name.replace(/\W+/g, '-')}.${profile.name}.json`;
  writeFileSync(
    join(dir, config),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types: [],
        noEmit: true,
        ...(compiler.version === '6.0' && mode.name === 'node10' ? { ignoreDeprecations: '6.0' } : {}),
        ...mode.options(compiler.version),
        ...profile.options(compiler.version, mode),
      },
      include: ['src'],
    }),
  );
  return new Promise((done) => {
    const child = spawn(process.execPath, [compiler.tsc, '-p', config, '--pretty', 'false'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      rmSync(join(dir, config), { force: true });
      if (code === 0) return done(null);
      const first = output.split('\n').find((line) => /error/i.test(line)) ?? `exit ${code}`;
      done(first.trim().slice(0, 160));
    });
  });
}

async function main() {
  const started = Date.now();
  const { examples } = prepare();
  const all = cells();
  const queue = all.filter((cell) => cell.supported);
  const workers = Math.max(2, cpus().length);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let cell = queue.shift(); cell; cell = queue.shift()) cell.error = await check(cell);
    }),
  );

  const header = ['TypeScript', ...modes.map((mode) => mode.name)];
  const rows = compilers.map((compiler) => [
    compiler.version,
    ...modes.map((mode) => {
      const pair = all.filter((cell) => cell.compiler === compiler && cell.mode === mode);
      if (!pair[0].supported) return '—';
      const failed = pair.filter((cell) => cell.error);
      return failed.length === 0 ? 'pass' : `FAIL (${failed.map((cell) => cell.profile.name).join(', ')})`;
    }),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row) => `| ${row.map((text, i) => text.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));

  const checked = all.filter((cell) => cell.supported);
  const failed = checked.filter((cell) => cell.error);
  for (const cell of failed) console.log(`FAIL TypeScript ${cell.compiler.version}, ${cell.mode.name}, ${cell.profile.name}: ${cell.error}`);
  console.log(
    `\n${checked.length} cells (${compilers.length} compilers, ${modes.length} module modes, ${profiles.length} profiles; — is a mode the compiler does not have), ` +
      `${examples} README files and the consumer code in each, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`${checked.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}

await main();
