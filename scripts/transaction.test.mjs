// scripts/transaction.test.mjs: the README's transaction() (examples/transaction.ts) at run time, over a
// connection and over a pool of the memory double and of both adapters, with other callers' commands
// sent at the same time on the same connection or pool: each transaction is atomic, and no other
// caller's command is queued into one.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { startRedisServer } from '../packages/conformance/dist/index.js';
import { connect as ioredisConnect, createPool as ioredisPool } from '../packages/ioredis/dist/index.js';
import { MemoryServer } from '../packages/memory/dist/index.js';
import { connect as nodeRedisConnect, createPool as nodeRedisPool } from '../packages/node-redis/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'aioredis-abc-transaction-'));
/** How many transactions, and how many other callers' commands, each run sends. */
const ROUNDS = 30;

/** The example as JavaScript: its types stripped, as `npm run typecheck` has checked them. */
async function loadExample() {
  const source = readFileSync(join(root, 'examples', 'transaction.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
  const file = join(scratch, 'transaction.mjs');
  writeFileSync(file, outputText);
  return import(pathToFileURL(file).href);
}

let transaction;
let server;
const memory = new MemoryServer();
/** Each implementation's openers of a utf-8 connection and pool. */
const implementations = {
  memory: { connect: () => memory.connect({ encoding: 'utf-8' }), pool: () => memory.createPool({ encoding: 'utf-8', maxsize: 3 }) },
  ioredis: { connect: () => ioredisConnect({ path: server.path, encoding: 'utf-8' }), pool: () => ioredisPool({ path: server.path, encoding: 'utf-8', maxsize: 3 }) },
  'node-redis': { connect: () => nodeRedisConnect({ path: server.path, encoding: 'utf-8' }), pool: () => nodeRedisPool({ path: server.path, encoding: 'utf-8', maxsize: 3 }) },
};

before(async () => {
  ({ transaction } = await loadExample());
  server = await startRedisServer();
});

after(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** What a promise settles with, handled at once, so that a failure leaves no rejection unhandled: `{ value }` or `{ error }`. */
function outcome(promise) {
  return promise.then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
}

/** The value of an outcome, or its error thrown. */
function valueOf(settled) {
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/** Other callers', one every turn of the event loop while the transactions run, each checked to be answered as outside a transaction. */
async function otherCallers(target, log, counter) {
  const replies = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    replies.push(outcome(target.execute('RPUSH', log, `other-${i}`)), outcome(target.execute('INCRBY', counter, 1000)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const reply of (await Promise.all(replies)).map(valueOf)) assert.equal(typeof reply, 'number', `another caller's command was answered ${JSON.stringify(reply)}: it was queued into a transaction`);
}

/** Transactions that push two entries each and count, with their ids: some awaited one after the other, some started on every turn. */
async function transactions(target, log, counter) {
  const commands = (id) => [['INCR', counter], ['RPUSH', log, `${id}-a`], ['RPUSH', log, `${id}-b`]];
  const awaited = [];
  const inTurn = outcome(
    (async () => {
      for (let i = 0; i < ROUNDS / 2; i += 1) awaited.push([`awaited-${i}`, await transaction(target, commands(`awaited-${i}`))]);
    })(),
  );
  const started = [];
  for (let i = 0; i < ROUNDS / 2; i += 1) {
    started.push(outcome(transaction(target, commands(`started-${i}`)).then((reply) => [`started-${i}`, reply])));
    await new Promise((resolve) => setImmediate(resolve));
  }
  valueOf(await inTurn);
  return [...awaited, ...(await Promise.all(started)).map(valueOf)];
}

/** Each transaction's replies are its own commands', its two entries are next to each other, and every command ran once. */
async function checkAtomic(target, log, counter, runs) {
  const entries = await target.execute('LRANGE', log, 0, -1);
  for (const [id, reply] of runs) {
    assert.ok(Array.isArray(reply) && reply.length === 3, `${id}: EXEC answered ${JSON.stringify(reply)}, not its three commands' replies`);
    const [, a, b] = reply;
    assert.equal(b, a + 1, `${id}: another command ran between its two RPUSHes`);
    assert.deepEqual([entries[a - 1], entries[b - 1]], [`${id}-a`, `${id}-b`], `${id}: its entries are not where its replies say`);
  }
  assert.equal(entries.length, ROUNDS * 2 + runs.length * 2 - ROUNDS, 'a command ran twice, or not at all');
  assert.equal(await target.execute('GET', counter), String(runs.length + ROUNDS * 1000), 'an INCR ran twice, or not at all');
}

/** A connection or a pool of the implementation, closed and awaited after `body`. */
async function using(open, kind, body) {
  const target = kind === 'connection' ? await open.connect() : open.pool();
  try {
    await body(target);
  } finally {
    target.close();
    await target.waitClosed();
  }
}

for (const [name, open] of Object.entries(implementations)) {
  describe(`transaction() on ${name}`, () => {
    for (const kind of ['connection', 'pool']) {
      test(`over a ${kind} that other callers use at the same time, each transaction is atomic and takes in none of their commands`, async () => {
        await using(open, kind, async (target) => {
          const [log, counter] = [`transaction:${name}:${kind}:log`, `transaction:${name}:${kind}:count`];
          await target.execute('DEL', log, counter);
          const [runs, others] = await Promise.all([outcome(transactions(target, log, counter)), outcome(otherCallers(target, log, counter))]);
          valueOf(others);
          await checkAtomic(target, log, counter, valueOf(runs));
          assert.equal(await target.execute('PING'), 'PONG');
        });
      });
      test(`over a ${kind}, a command the server refuses to queue rejects the transaction with its error, nothing runs, and the ${kind} carries on`, async () => {
        await using(open, kind, async (target) => {
          const key = `transaction:${name}:${kind}:refused`;
          await target.execute('DEL', key);
          await assert.rejects(transaction(target, [['SET', key, 'v'], ['NO-SUCH-COMMAND']]), (error) => error.name === 'ReplyError' && /unknown command/i.test(error.message));
          assert.equal(await target.execute('GET', key), null, 'a command of the refused transaction ran');
          assert.deepEqual(await transaction(target, [['SET', key, 'w'], ['GET', key]]), ['OK', 'w']);
        });
      });
    }
    test('a pool refuses MULTI through execute() with a TypeError, and nothing is sent: transaction() is the way', async () => {
      await using(open, 'pool', async (pool) => {
        await assert.rejects(pool.execute('MULTI'), TypeError);
        assert.deepEqual(await transaction(pool, [['PING']]), ['PONG']);
      });
    });
  });
}
