// The option checks of an implementation that takes the kit's connection options (host, port, path, db, password, encoding, maxsize).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

/** An implementation's own openers, called with whatever a JavaScript caller or parsed configuration passes. */
export interface OptionsImplementation {
  readonly name: string;
  connect(options: unknown): Promise<unknown>;
  createPool(options: unknown): unknown;
  /** Wraps a client the application configured, when the implementation can. */
  wrap?(client: unknown, options: { readonly encoding: 'utf-8' }): Promise<unknown>;
  /** Clients that `wrap()` and `createPool({ client })` must refuse, each with what the refusal must say. */
  misconfiguredClients?(): readonly (readonly [RegExp, unknown])[];
}

const secret = 'never-in-a-message';

/** Options that are wrong, each with the option its error must name. */
const wrong: readonly (readonly [string, Record<string, unknown>])[] = [
  ['usernmae', { usernmae: 'app' }],
  ['keyPrefix', { keyPrefix: 'app:' }],
  ['port', { port: '6379' }],
  ['port', { port: 70_000 }],
  ['port', { port: 1.5 }],
  ['host', { host: 5 }],
  ['db', { db: -1 }],
  ['db', { db: '2' }],
  ['password', { password: 42 }],
  ['encoding', { encoding: 'utf-9' }],
  ['path', { path: '/tmp/redis.sock', host: '127.0.0.1' }],
];

/** Sockets, timers and other handles the process holds now. */
function handles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap' && kind !== 'Timeout').length;
}

/** The error `open` throws or rejects with; a failure when it opens. */
async function refusal(open: () => unknown): Promise<unknown> {
  try {
    await open();
  } catch (error) {
    return error;
  }
  return assert.fail('the options were accepted');
}

/**
 * Registers with `node:test` the checks every option gets before anything is
 * opened: an unknown or misspelled option, or one of the wrong type or range,
 * is refused with a `TypeError` that names it, by `connect()` (a rejection)
 * and `createPool()` (a throw), with no handle left open and no password in
 * the message; `maxsize` is a positive integer, and `null` is not 10.
 */
export function optionChecks(implementation: OptionsImplementation): void {
  describe(`${implementation.name}: options`, () => {
    for (const [option, options] of wrong) {
      test(`connect() and createPool() refuse ${JSON.stringify(options)} with a TypeError naming ${option}, and open nothing`, async () => {
        const before = handles();
        for (const open of [() => implementation.connect({ encoding: 'utf-8', password: secret, ...options }), () => implementation.createPool({ encoding: 'utf-8', password: secret, ...options })]) {
          const error = await refusal(open);
          assert.ok(error instanceof TypeError, `not a TypeError: ${String(error)}`);
          assert.match(error.message, new RegExp(option));
          assert.ok(!error.message.includes(secret), 'the password is in the message');
        }
        await new Promise((resolve) => setImmediate(resolve));
        assert.ok(handles() <= before, 'a refused option left a handle open');
      });
    }
    for (const maxsize of [null, 0, -1, 1.5, '10']) {
      test(`createPool() refuses maxsize ${JSON.stringify(maxsize)} with a TypeError`, () => {
        assert.throws(() => implementation.createPool({ encoding: 'utf-8', maxsize }), (error: unknown) => error instanceof TypeError && /maxsize/.test(error.message));
      });
    }
    const { wrap, misconfiguredClients } = implementation;
    if (wrap !== undefined && misconfiguredClients !== undefined) {
      test('wrap() and createPool({ client }) refuse a client the adapter cannot use, with a TypeError that says what to set', async () => {
        for (const [says, client] of misconfiguredClients()) {
          const error = await refusal(() => wrap(client, { encoding: 'utf-8' }));
          assert.ok(error instanceof TypeError && says.test(error.message), `wrap: ${String(error)}`);
          assert.throws(() => implementation.createPool({ client, encoding: 'utf-8' }), (thrown: unknown) => thrown instanceof TypeError && says.test(thrown.message));
        }
      });
    }
    test('connect() refuses maxsize: it is an option of pools', async () => {
      const error = await refusal(() => implementation.connect({ encoding: 'utf-8', maxsize: 2 }));
      assert.ok(error instanceof TypeError && /maxsize/.test(error.message));
    });
  });
}
