// The isolation property: callers sharing one pool see what each would see on a connection of its own.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AbcConnection, AbcPlainChannel, AbcPool, ChannelName, Reply } from 'aioredis-abc';
import type { Case, CaseContext } from '../case.js';
import type { ConnectRequest } from '../implementation.js';
import { eventually } from '../assertions.js';

/** How many scenarios a run tries, and from which seed: `AIOREDIS_ABC_RUNS` and `AIOREDIS_ABC_SEED`, or 25 from seed 13. */
export function propertySettings(): { runs: number; seed: number } {
  const runs = Number(process.env['AIOREDIS_ABC_RUNS'] ?? 25);
  const seed = Number(process.env['AIOREDIS_ABC_SEED'] ?? 13);
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`AIOREDIS_ABC_RUNS must be a positive integer, not ${String(process.env['AIOREDIS_ABC_RUNS'])}`);
  if (!Number.isInteger(seed)) throw new TypeError(`AIOREDIS_ABC_SEED must be an integer, not ${String(process.env['AIOREDIS_ABC_SEED'])}`);
  return { runs, seed };
}

/** One step of a caller. Keys and channels are the caller's own: `k` names one of them. */
type Step =
  /** A plain command through `execute()`. */
  | { readonly kind: 'command'; readonly command: string; readonly k: number; readonly value: string }
  /** A command that changes its connection, through the pool's `execute()`: refused. */
  | { readonly kind: 'refused'; readonly command: readonly string[] }
  /** `MULTI`, a `SET` and an `INCR`, `EXEC` on a connection of its own. */
  | { readonly kind: 'transaction'; readonly k: number; readonly value: string }
  /** A connection of its own, changed by `change`, then `GET` on it, given back. */
  | { readonly kind: 'session'; readonly change: readonly string[]; readonly k: number }
  /** A connection of its own with a `WATCH` left open, given back. */
  | { readonly kind: 'watch'; readonly k: number }
  /** A blocking pop with a short timeout, after a push or not. */
  | { readonly kind: 'pop'; readonly push: boolean; readonly value: string }
  /** Subscribe a channel, publish to it, read the message, unsubscribe. */
  | { readonly kind: 'pubsub'; readonly value: string }
  /** Subscribe a channel whose `putNowait()` throws, publish to it: it is closed with its error. */
  | { readonly kind: 'throwing' };

const value = fc.constantFrom('1', '7', 'x', 'héllo', '-3');
const k = fc.integer({ min: 0, max: 1 });

function steps(full: boolean): fc.Arbitrary<Step> {
  const plain = fc.constantFrom('GET', 'SET', 'INCR', 'DEL');
  const common: fc.Arbitrary<Step>[] = [
    fc.record({ kind: fc.constant('command' as const), command: plain, k, value }),
    fc.record({ kind: fc.constant('command' as const), command: plain, k, value }),
    fc.record({
      kind: fc.constant('refused' as const),
      command: fc.constantFrom(['SELECT', '5'], ['MULTI'], ['EXEC'], ['WATCH', 'w'], ['RESET'], ['HELLO', '2'], ['AUTH', 'x'], ['CLIENT', 'SETNAME', 'n'], ['QUIT']),
    }),
    fc.record({ kind: fc.constant('transaction' as const), k, value }),
    fc.record({ kind: fc.constant('session' as const), change: fc.constant(['SELECT', '5']), k }),
    fc.record({ kind: fc.constant('pubsub' as const), value }),
    fc.record({ kind: fc.constant('throwing' as const) }),
  ];
  if (!full) return fc.oneof(...common);
  return fc.oneof(
    ...common,
    fc.record({
      kind: fc.constant('session' as const),
      change: fc.constantFrom(['CLIENT', 'SETNAME', 'changed'], ['RESET'], ['HELLO', '2'], ['CLIENT', 'NO-EVICT', 'ON'], ['CLIENT', 'TRACKING', 'ON']),
      k,
    }),
    fc.record({ kind: fc.constant('watch' as const), k }),
    fc.record({ kind: fc.constant('pop' as const), push: fc.boolean(), value }),
  );
}

/** What a step gave: its replies, or the name and message of what it rejected with. */
type Outcome = Reply | boolean | { readonly rejected: string } | readonly Outcome[];

async function outcome(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    // A refusal is told by its kind, a server's error by its text too.
    return { rejected: error.name === 'TypeError' ? 'TypeError' : `${error.name}: ${error.message}` };
  }
}

/** A channel whose `putNowait()` throws, as a user's class may: it records what it was closed with. */
export class ThrowingChannel implements AbcPlainChannel<string> {
  readonly isPattern = false;
  readonly failure = new Error('this channel refuses every message');
  closedWith: Error | undefined | null = null;
  constructor(readonly name: ChannelName) {}
  get isActive(): boolean {
    return this.closedWith === null;
  }
  get(): Promise<string> {
    return Promise.reject(new Error('nothing to read'));
  }
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return { next: () => this.get().then((value) => ({ value, done: false })) };
  }
  putNowait(): void {
    throw this.failure;
  }
  close(error?: Error): void {
    this.closedWith ??= error;
  }
}

/** Where a caller's steps run: the pool under test, or connections of the caller's own. */
interface Runner {
  /** Runs a plain command. */
  execute(...args: string[]): Promise<Reply>;
  /** Runs `body` on a connection of its own, and gives it back. */
  alone<T>(body: (conn: AbcConnection<'utf-8'>) => Promise<T>): Promise<T>;
  /** Where pub/sub runs. */
  readonly pubsub: AbcConnection<'utf-8'>;
  /** What the pool's `execute()` gives for a command that changes its connection; `undefined` runs it. */
  readonly refusedThroughPool: boolean;
}

async function runStep(step: Step, runner: Runner, key: (k: number) => string, channel: string, plainChannel: (name: string) => AbcPlainChannel<string>): Promise<Outcome> {
  switch (step.kind) {
    case 'command':
      return outcome(() => runner.execute(...[step.command, key(step.k), ...(step.command === 'SET' ? [step.value] : [])]));
    case 'refused':
      if (!runner.refusedThroughPool) return { rejected: 'TypeError' };
      return outcome(() => runner.execute(...step.command));
    case 'transaction':
      return runner.alone((conn) =>
        outcome(async () => [
          await conn.execute('MULTI'),
          await conn.execute('SET', key(step.k), step.value),
          await conn.execute('INCR', key(1 - step.k)),
          await conn.execute('EXEC'),
        ]),
      );
    case 'session':
      // The change's own reply can name the connection (HELLO gives its id): only whether it succeeded is compared.
      return runner.alone(async (conn) => [
        await outcome(async () => ((await conn.execute(step.change[0] ?? 'PING', ...step.change.slice(1))) === undefined ? null : 'done')),
        await outcome(() => conn.execute('GET', key(step.k))),
      ]);
    case 'watch':
      return runner.alone((conn) => outcome(() => conn.execute('WATCH', key(step.k))));
    case 'pop':
      return outcome(async () => {
        const list = key(2);
        const pushed = step.push ? await runner.execute('RPUSH', list, step.value) : 0;
        const popped = await runner.execute('BLPOP', list, '0.05');
        // BLPOP names the list it popped from, and the two sides' lists have two names.
        return [pushed, Array.isArray(popped) ? (popped[1] ?? null) : popped];
      });
    case 'pubsub':
      return outcome(async () => {
        const target = plainChannel(channel);
        await runner.pubsub.executePubsub('SUBSCRIBE', target);
        const receivers = await runner.execute('PUBLISH', channel, step.value);
        const message = await target.get();
        await runner.pubsub.executePubsub('UNSUBSCRIBE', target);
        return [receivers, message];
      });
    case 'throwing':
      return outcome(async () => {
        const target = new ThrowingChannel(channel);
        await runner.pubsub.executePubsub('SUBSCRIBE', target);
        const receivers = await runner.execute('PUBLISH', channel, 'refused');
        await eventually(() => target.closedWith !== null, 'the throwing channel was closed', 2_000);
        return [receivers, target.closedWith === target.failure];
      });
  }
}

interface Scenario {
  readonly maxsize: number;
  readonly db: number;
  readonly callers: readonly (readonly Step[])[];
}

let scenarioCount = 0;

/** Runs one scenario: every caller through one pool at once, then each on connections of its own; the outcomes must be equal. */
async function check(t: CaseContext, scenario: Scenario): Promise<void> {
  scenarioCount += 1;
  const implementation = t.implementation;
  const request: ConnectRequest<'utf-8'> = { server: t.server, via: 'tcp', encoding: 'utf-8', db: scenario.db };
  const prefix = t.name(`isolation:${scenarioCount}`);
  const opened: AbcConnection[] = [];
  const open = async (): Promise<AbcConnection<'utf-8'>> => {
    const conn = await implementation.connect(request);
    opened.push(conn);
    return conn;
  };
  const pool: AbcPool<AbcConnection<'utf-8'>> = implementation.createPool({ ...request, maxsize: scenario.maxsize });
  opened.push(pool);
  const plainChannel = (name: string): AbcPlainChannel<string> => implementation.plainChannel<string>(name);
  try {
    const shared: Runner = {
      execute: (...args) => pool.execute(args[0] ?? 'PING', ...args.slice(1)),
      alone: async (body) => {
        const conn = await pool.acquire();
        try {
          return await body(conn);
        } finally {
          pool.release(conn);
        }
      },
      pubsub: pool,
      refusedThroughPool: true,
    };
    const run = (runner: Runner, steps: readonly Step[], caller: number, side: string): Promise<Outcome[]> =>
      steps.reduce<Promise<Outcome[]>>(async (done, step) => {
        const outcomes = await done;
        const key = (n: number): string => `${prefix}:${side}:${caller}:${n}`;
        return [...outcomes, await runStep(step, runner, key, `${prefix}:${side}:${caller}:channel`, plainChannel)];
      }, Promise.resolve([]));
    const throughPool = await Promise.all(scenario.callers.map((steps, caller) => run(shared, steps, caller, 'pool')));
    const alone = await Promise.all(
      scenario.callers.map(async (steps, caller) => {
        const own = await open();
        const pubsub = await open();
        const runner: Runner = {
          execute: (...args) => own.execute(args[0] ?? 'PING', ...args.slice(1)),
          alone: async (body) => {
            const fresh = await open();
            try {
              return await body(fresh);
            } finally {
              fresh.close();
            }
          },
          pubsub,
          refusedThroughPool: false,
        };
        return run(runner, steps, caller, 'own');
      }),
    );
    assert.deepEqual(throughPool, alone, 'a caller of the pool saw something else than on a connection of its own');
  } finally {
    for (const conn of opened) conn.close();
    await Promise.all(opened.map((conn) => conn.waitClosed()));
  }
}

/** The property, as a case: it runs `AIOREDIS_ABC_RUNS` scenarios from `AIOREDIS_ABC_SEED`, and a failure names its seed and shortest scenario. */
export const isolationProperty: Case = {
  ids: ['pool.isolation'],
  title: 'property: any number of callers sharing a pool each see what they would see on a connection of their own',
  timeout: Math.max(60_000, propertySettings().runs * 1_000),
  async run(t) {
    const { runs, seed } = propertySettings();
    const full = t.implementation.notApplicable?.commands === undefined;
    const scenarios = fc.record({
      maxsize: fc.integer({ min: 1, max: 4 }),
      db: fc.constantFrom(0, 2),
      callers: fc.array(fc.array(steps(full), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
    });
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(scenarios, (scenario) => check(t, scenario)),
      { numRuns: runs, seed, reporter: (details) => {
        if (details.failed) {
          throw new Error(
            `isolation property failed (seed ${seed}, path ${String(details.counterexamplePath)}; rerun with AIOREDIS_ABC_SEED=${seed}): ` +
              `${JSON.stringify(details.counterexample)}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
          );
        }
      } },
    );
    console.log(`# ${t.implementation.name}: isolation property: ${runs} scenarios from seed ${seed} passed in ${Date.now() - started} ms`);
  },
};
