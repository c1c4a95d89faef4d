// The packages as users meet them: packed, installed into two scratch projects
// outside the workspace (one CommonJS, one ESM) with the clients from the
// registry, type-checked with the pinned TypeScript, and run against a
// redis-server: a typed cache() over each adapter's pool, the packages'
// README quick starts (examples/*.ts from ESM, the kit's adapter declaration among them, examples/*.cjs from CommonJS, one against a TLS server with an ACL user, two against a Sentinel group
// and a Redis Cluster), the packed conformance suite
// against the packed in-memory implementation, and the memory README's
// real-server test in a tester's project that also has ioredis-mock.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startCluster, startRedisServer, startSentinelGroup } from '../packages/conformance/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const scratch = mkdtempSync(join(tmpdir(), 'aioredis-abc-packed-'));
const workspaces = ['kit', 'memory', 'ioredis', 'node-redis', 'socket', 'conformance'];
/** The quick starts of the packages' READMEs, each with its project, what it prints, and whether it needs the TLS server with its ACL user or a topology. */
const quickStarts = [
  { file: 'ioredis.ts', project: 'esm', prints: /^\/home has 1 visit\(s\)$/m },
  { file: 'node-redis.ts', project: 'esm', prints: /^\/home has 2 visit\(s\)$/m },
  { file: 'memory.ts', project: 'esm', prints: /^remembered$/m },
  { file: 'socket.ts', project: 'esm', prints: /^\/socket has 1 visit\(s\)\nnews: hello$/m },
  { file: 'adapter.ts', project: 'esm', prints: /^toy says hello in db 0$/m },
  { file: 'deployment.ts', project: 'esm', prints: /^app in db 2\napp in db 2$/m, tls: true },
  { file: 'sentinel.ts', project: 'esm', prints: /^hello from ioredis\nhello from node-redis$/m, topology: 'sentinel' },
  { file: 'cluster.ts', project: 'esm', prints: /^\[ 4, 'ioredis' \]\n\[ 4, 'node-redis' \]$/m, topology: 'cluster' },
  { file: 'wrap.ts', project: 'esm', prints: /^\[ 'ioredis', 'pool' \]\n\[ 'ioredis', 'pool', 'node-redis', 'pool' \]$/m },
  { file: 'ioredis.cjs', project: 'cjs', prints: /^\/about has 1 visit\(s\)$/m },
  { file: 'node-redis.cjs', project: 'cjs', prints: /^\/about has 2 visit\(s\)$/m },
  { file: 'socket.cjs', project: 'cjs', prints: /^\/socket has 1 visit\(s\)$/m },
];
const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/**
 * The clients each project installs: the oldest the adapters' peer ranges
 * allow for CommonJS (the workspace's own devDependencies), the newest known
 * for ESM (the `-newest` aliases), so that both compile under
 * `skipLibCheck: false` and run.
 */
const clients = {
  cjs: [`ioredis@${devDependencies.ioredis}`, `redis@${devDependencies.redis}`],
  esm: [devDependencies['ioredis-newest'].replace(/^npm:/, ''), devDependencies['redis-newest'].replace(/^npm:/, '')],
};

/** The typed code a user writes: the README's cache() (examples/cache.ts, beside it), used over both adapters' pools. */
const mainSource = `import { startRedisServer } from 'aioredis-abc-conformance';
import { connect, createPool as ioredisPool } from 'aioredis-abc-ioredis';
import { createPool as nodeRedisPool } from 'aioredis-abc-node-redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { AbcPool } from 'aioredis-abc';
import { cache } from './cache.js';

/** A TLS server with an ACL user whose rights are the cache's keys. */
async function main(): Promise<void> {
  const server = await startRedisServer({ tls: true });
  try {
    const ca = server.ca ?? '';
    const admin = await connect({ path: server.path, encoding: 'utf-8' });
    await admin.execute('ACL', 'SETUSER', 'cache', 'on', '>cache-secret', '~*', '&*', '+@all', '-@dangerous');
    admin.close();
    const url = \`rediss://cache:cache-secret@127.0.0.1:\${server.port}/2\`;
    const clientOptions = { host: '127.0.0.1', port: server.port, username: 'cache', password: 'cache-secret', db: 2 };
    const pools: [string, AbcPool<import('aioredis-abc').AbcConnection<'utf-8'>>][] = [
      ['ioredis by URL', ioredisPool({ url, tls: { ca }, encoding: 'utf-8', maxsize: 4 })],
      ['node-redis by URL', nodeRedisPool({ url, tls: { ca }, encoding: 'utf-8', maxsize: 4 })],
      [
        'ioredis over its own client',
        ioredisPool({
          client: new Redis({ ...clientOptions, tls: { ca }, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true }),
          encoding: 'utf-8',
        }),
      ],
      [
        'node-redis over its own client',
        nodeRedisPool({
          client: createClient({
            RESP: 2,
            username: 'cache',
            password: 'cache-secret',
            database: 2,
            disableOfflineQueue: true,
            socket: { host: '127.0.0.1', port: server.port, tls: true, ca, reconnectStrategy: false },
          }),
          encoding: 'utf-8',
        }),
      ],
    ];
    for (const [name, pool] of pools) {
      let loads = 0;
      const load = async (): Promise<string> => {
        loads += 1;
        return 'hello';
      };
      const first = await cache(pool, name, load);
      const second = await cache(pool, name, load);
      const whoami = await pool.execute('ACL', 'WHOAMI');
      await pool.executePubsub('SUBSCRIBE', 'news');
      await pool.execute('PUBLISH', 'news', 'the news');
      let heard = 'nothing';
      const news = pool.pubsubChannels.get('news');
      if (news) for await (const message of news) {
        heard = String(message);
        break;
      }
      pool.close();
      await pool.waitClosed();
      console.log(\`\${name}: \${first} \${second}, loaded \${loads} time(s), as \${String(whoami)} in db \${pool.db}, heard \${heard}\`);
    }
  } finally {
    await server.stop();
  }
}

void main();
`;

/** The implementer's ten lines: the packed suite against the packed in-memory implementation. */
const conformanceSource = (project) => `${project === 'esm' ? "import { conformance } from 'aioredis-abc-conformance';\nimport { PatternChannel, PlainChannel } from 'aioredis-abc-kit';\nimport { MemoryServer } from 'aioredis-abc-memory';" : "const { conformance } = require('aioredis-abc-conformance');\nconst { PatternChannel, PlainChannel } = require('aioredis-abc-kit');\nconst { MemoryServer } = require('aioredis-abc-memory');"}

const server = new MemoryServer();
conformance({
  name: 'memory (${project}, packed)',
  connect: ({ encoding, db }) => server.connect({ encoding, db }),
  createPool: ({ encoding, db, maxsize }) => server.createPool({ encoding, db, maxsize }),
  plainChannel: (name) => new PlainChannel(name),
  patternChannel: (name) => new PatternChannel(name),
  notApplicable: { server: 'in memory', commands: 'a subset of commands', unixSocket: 'no socket', deployment: 'in memory', topologies: 'in memory' },
});
`;

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What `npm pack --json` said of each package packed: its name, version, file name and files. */
let packed = [];

/** Packs the root and each workspace; returns the tarballs' paths. */
function pack() {
  const into = join(scratch, 'tarballs');
  mkdirSync(into);
  packed = [
    ...JSON.parse(npm(['pack', '--json', '--pack-destination', into], root)),
    ...JSON.parse(npm(['pack', '--json', '--pack-destination', into, ...workspaces.flatMap((name) => ['-w', `packages/${name}`])], root)),
  ];
  return packed.map((entry) => join(into, entry.filename));
}

describe('the packed packages, installed outside the workspace', () => {
  const projects = {};
  let tarballs = [];
  before(() => {
    tarballs = pack();
    for (const project of ['cjs', 'esm']) {
      const dir = join(scratch, project);
      mkdirSync(join(dir, 'src'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `scratch-${project}`, private: true, type: project === 'esm' ? 'module' : 'commonjs' }));
      npm(['install', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs, ...clients[project], `@types/node@${devDependencies['@types/node']}`], dir);
      writeFileSync(join(dir, 'src', 'cache.ts'), readFileSync(join(root, 'examples', 'cache.ts')));
      writeFileSync(join(dir, 'src', 'main.ts'), mainSource);
      for (const { file } of quickStarts.filter((quickStart) => quickStart.project === project)) {
        writeFileSync(join(dir, file.endsWith('.ts') ? 'src' : '.', file), readFileSync(join(root, 'examples', file)));
      }
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', types: ['node'], rootDir: 'src', outDir: 'dist', skipLibCheck: false }, include: ['src'] }),
      );
      writeFileSync(join(dir, project === 'esm' ? 'conformance.test.mjs' : 'conformance.test.cjs'), conformanceSource(project));
      projects[project] = dir;
    }
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("the tarballs are one release: every package at the root's version, each with its CHANGELOG.md, whose newest entry is that version", () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.deepEqual(
      packed.map((entry) => `${entry.name}@${entry.version}`),
      ['aioredis-abc', ...workspaces.map((name) => `aioredis-abc-${name}`)].map((name) => `${name}@${version}`),
    );
    for (const entry of packed) {
      assert.ok(entry.files.some((file) => file.path === 'CHANGELOG.md'), `${entry.name}'s tarball has no CHANGELOG.md`);
      const changelog = readFileSync(join(root, entry.name === 'aioredis-abc' ? '' : `packages/${entry.name.replace('aioredis-abc-', '')}`, 'CHANGELOG.md'), 'utf8');
      assert.equal(/^## (\d+\.\d+\.\d+)/m.exec(changelog)?.[1], version, `${entry.name}'s CHANGELOG.md does not begin with ${version}`);
    }
  });

  for (const project of ['cjs', 'esm']) {
    test(`${project}: the README's typed cache() over each adapter's pool, and for await over the pool's channel, compile against the packed declarations with ${clients[project].join(' and ')}, and run`, { timeout: 60_000 }, () => {
      const dir = projects[project];
      const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
      assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
      const ran = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      assert.equal(ran.status, 0, ran.stdout + ran.stderr);
      for (const name of ['ioredis by URL', 'node-redis by URL', 'ioredis over its own client', 'node-redis over its own client']) {
        assert.match(ran.stdout, new RegExp(`^${name}: hello hello, loaded 1 time\\(s\\), as cache in db 2, heard the news$`, 'm'));
      }
    });

    test(`${project}: the packages' README quick starts compile and run, in order, against one server, one TLS server, and the Sentinel group and cluster those that need one ask for`, { timeout: 120_000 }, async () => {
      const dir = projects[project];
      const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
      assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
      const server = await startRedisServer();
      const secure = await startRedisServer({ tls: true });
      const needs = new Set(quickStarts.filter((quickStart) => quickStart.project === project).map((quickStart) => quickStart.topology));
      const group = needs.has('sentinel') ? await startSentinelGroup() : null;
      const cluster = needs.has('cluster') ? await startCluster() : null;
      const topologyEnv = {
        SENTINELS: group?.sentinels.map(([host, port]) => `${host}:${port}`).join(',') ?? '',
        SENTINEL_SERVICE: group?.service ?? '',
        CLUSTER_NODES: cluster?.seeds.map(([host, port]) => `${host}:${port}`).join(',') ?? '',
      };
      try {
        const acl = spawnSync('redis-cli', ['-s', secure.path, 'ACL', 'SETUSER', 'app', 'on', '>app-secret', '~*', '+@all', '-@dangerous'], { encoding: 'utf8' });
        assert.equal(acl.stdout.trim(), 'OK', acl.stdout + acl.stderr);
        writeFileSync(join(dir, 'ca.crt'), secure.ca ?? '');
        for (const { file, prints, tls, topology } of quickStarts.filter((quickStart) => quickStart.project === project)) {
          const env = tls
            ? { ...process.env, REDIS_URL: `rediss://app:app-secret@127.0.0.1:${secure.port}/2`, REDIS_CA: join(dir, 'ca.crt') }
            : topology !== undefined
              ? { ...process.env, ...topologyEnv }
              : { ...process.env, REDIS_PORT: String(server.port) };
          const ran = spawnSync(process.execPath, [file.endsWith('.ts') ? join('dist', file.replace(/\.ts$/, '.js')) : file], { cwd: dir, env, encoding: 'utf8', timeout: 20_000 });
          assert.equal(ran.status, 0, `${file}: ${ran.stdout}${ran.stderr}`);
          assert.match(ran.stdout, prints, file);
        }
      } finally {
        await server.stop();
        await secure.stop();
        await group?.stop();
        await cluster?.stop();
      }
    });

    test(`${project}: the packed conformance suite passes against the packed in-memory implementation`, { timeout: 60_000 }, () => {
      const dir = projects[project];
      const file = project === 'esm' ? 'conformance.test.mjs' : 'conformance.test.cjs';
      // A test runner of its own, not a child of this one: without the variable that node:test gives its children.
      const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
      const ran = spawnSync(process.execPath, ['--test', '--test-reporter=spec', file], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
      assert.equal(ran.status, 0, ran.stdout + ran.stderr);
      assert.match(ran.stdout, /memory \(\w+, packed\): \d+ ids, \d+ passed, 0 failed, \d+ not applicable, \d+ not run/);
    });
  }

  test("a tester's project: the double and the memory README's real-server test install beside ioredis-mock without a peer conflict, and the test passes", { timeout: 120_000 }, () => {
    const dir = join(scratch, 'tester');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch-tester', private: true, type: 'module' }));
    const mock = `ioredis-mock@${JSON.parse(readFileSync(join(root, 'packages', 'memory', 'package.json'), 'utf8')).devDependencies['ioredis-mock']}`;
    const withoutIoredisAdapter = tarballs.filter((tarball) => !/aioredis-abc-ioredis-/.test(tarball));
    npm(['install', '--no-audit', '--no-fund', '--no-package-lock', '--save-dev', ...withoutIoredisAdapter, `redis@${devDependencies.redis}`, mock], dir);
    writeFileSync(join(dir, 'real-server.test.mjs'), readFileSync(join(root, 'packages', 'memory', 'test', 'real-server.test.mjs')));
    const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
    const ran = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'real-server.test.mjs'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(ran.status, 0, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /a lock taken with SET NX is not taken twice/);
  });
});
