// A redis-server of the suite's own, on a free loopback port and a unix socket in its own temporary directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How to start a server besides its port, socket and directory. */
export interface ServerOptions {
  /** More `redis-server` arguments, such as `['--maxclients', '2']` or `['--replicaof', '127.0.0.1', '6380']`. */
  readonly args?: readonly string[];
  /**
   * Serve TLS only on the TCP port, with a certificate for 127.0.0.1 and
   * `localhost` made by `openssl` for this server, signed by a CA of its own
   * (`RedisServer.ca`). The unix socket stays plain.
   */
  readonly tls?: boolean;
  /**
   * Run as a Sentinel (`redis-server sentinel.conf --sentinel`) with this
   * configuration, written to `sentinel.conf` in the server's directory, where
   * the Sentinel rewrites it as it learns.
   */
  readonly sentinel?: string;
}

/** A running server; `stop()` ends it and removes its directory, and is safe to call twice. */
export interface RedisServer {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** The path of its unix socket. */
  readonly path: string;
  /** With `tls`, the PEM certificate of the CA that signed the server's: what a client trusts. */
  readonly ca: string | null;
  /** Kills the server at once (SIGKILL), as a crash would; `restart()` brings it back. */
  kill(): Promise<void>;
  /** Stops the server's process (SIGSTOP): connections are accepted by the system, and nothing answers, until `resume()`. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** Starts the server again on the same port and socket, after `kill()`. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The servers started and not yet stopped, with their directories. */
const live = new Map<ChildProcess, string>();

// A test that timed out may never reach its `stop()`: whatever is left is
// killed and removed when the test process exits.
process.on('exit', () => {
  for (const [child, dir] of live) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** How many servers are running: 0 once every test has stopped its own. */
export function runningServers(): number {
  return live.size;
}

/** Whether `redis-server` can be run here. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** What a server prints once it takes connections: a Sentinel prints its id instead. */
function readyLine(sentinel: boolean): string {
  return sentinel ? 'Sentinel ID is' : 'Ready to accept connections';
}

/** Resolves once the server says it is ready; rejects with its output if it exits first or takes over 10 s. */
function ready(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server was not ready within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(marker)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (): void => fail(new Error(`redis-server exited before it was ready:\n${output}`));
    function fail(error: Error): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function spawnServer(port: number, socket: string, dir: string, args: readonly string[]): ChildProcess {
  const sentinel = args.includes('--sentinel');
  return spawn(
    'redis-server',
    [...(sentinel ? [join(dir, 'sentinel.conf')] : []), '--port', String(port), '--bind', '127.0.0.1', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--save', '', '--appendonly', 'no', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function openssl(dir: string, args: readonly string[]): void {
  const run = spawnSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr.toString()}`);
}

/** Makes a CA and a server certificate for 127.0.0.1 and localhost signed by it, in `dir`; returns the server's TLS arguments. */
function certificates(dir: string): string[] {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=aioredis-abc test CA']);
  openssl(dir, ['req', ...key, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext']);
  return ['--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'), '--tls-auth-clients', 'no'];
}

/** Spawns a server and waits until it is ready; kills it and rejects when it is not. */
async function launch(port: number, socket: string, dir: string, args: readonly string[]): Promise<ChildProcess> {
  const child = spawnServer(port, socket, dir, args);
  try {
    await ready(child, readyLine(args.includes('--sentinel')));
  } catch (error) {
    child.kill('SIGKILL');
    await exited(child);
    throw error;
  }
  child.stdout?.resume();
  live.set(child, dir);
  return child;
}

/** Starts a server; retries on another port when the chosen one was taken in the meantime. */
export async function startRedisServer(options: ServerOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'aioredis-abc-'));
  const socket = join(dir, 'redis.sock');
  let tls: string[] = [];
  try {
    if (options.tls === true) tls = certificates(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const ca = options.tls === true ? readFileSync(join(dir, 'ca.crt'), 'utf8') : null;
  if (options.sentinel !== undefined) writeFileSync(join(dir, 'sentinel.conf'), options.sentinel);
  let lastError: Error = new Error('redis-server did not start');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    const args = [...(tls.length > 0 ? ['--tls-port', String(port), ...tls] : []), ...(options.args ?? []), ...(options.sentinel === undefined ? [] : ['--sentinel'])];
    let child: ChildProcess;
    try {
      child = await launch(tls.length > 0 ? 0 : port, socket, dir, args);
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      continue;
    }
    const end = async (signal: NodeJS.Signals): Promise<void> => {
      child.kill(signal);
      await exited(child);
      live.delete(child);
    };
    let stopped = false;
    return {
      host: '127.0.0.1',
      port,
      path: socket,
      kill: () => end('SIGKILL'),
      ca,
      pause: () => child.kill('SIGSTOP'),
      resume: () => child.kill('SIGCONT'),
      restart: async () => {
        await end('SIGKILL');
        child = await launch(tls.length > 0 ? 0 : port, socket, dir, args);
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        child.kill('SIGCONT');
        await end('SIGTERM');
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
