// The transport against ioredis on a real redis-server: any sequence of commands, sent by the transport
// all in one tick (one write, replies read back in order) and by ioredis one at a time, gives the same
// replies. SOCKET_FC_SEED and SOCKET_FC_RUNS replay another seed or run longer; a failure prints its seed.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { redisServerInstalled, startRedisServer } from 'aioredis-abc-conformance';
import { connectTransport } from 'aioredis-abc-socket';
import { Redis } from 'ioredis';

const skip = redisServerInstalled() ? false : 'redis-server is not installed';
const seed = process.env.SOCKET_FC_SEED === undefined ? 25 : Number(process.env.SOCKET_FC_SEED);
const numRuns = process.env.SOCKET_FC_RUNS === undefined ? 60 : Number(process.env.SOCKET_FC_RUNS);

let server;
let transport;
let ioredis;

class Refused extends Error {}

before(async () => {
  if (skip) return;
  server = await startRedisServer();
  transport = await connectTransport({ host: server.host, port: server.port }, { replyError: (message) => new Refused(message) });
  ioredis = new Redis({ host: server.host, port: server.port, db: 1, lazyConnect: true, retryStrategy: () => null });
  await ioredis.connect();
  await transport.send(['SELECT', 0], null);
});
after(async () => {
  transport?.close();
  await transport?.closed;
  await ioredis?.quit();
  await server?.stop();
});

/** A few keys, so that commands meet each other's values; values of any bytes, text, or numbers. */
const key = fc.constantFrom('a', 'b', 'list', 'hash', 'n');
const value = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 5 }), fc.uint8Array({ maxLength: 20 }).map(Buffer.from), fc.integer({ min: -1000, max: 1000 }));
/** A command, as its arguments: some meet a key of the wrong type and are refused. */
const command = fc.oneof(
  fc.tuple(fc.constant('SET'), key, value),
  fc.tuple(fc.constant('GET'), key),
  fc.tuple(fc.constant('APPEND'), key, value),
  fc.tuple(fc.constant('INCRBY'), key, fc.integer({ min: -100, max: 100 })),
  fc.tuple(fc.constant('RPUSH'), key, value, value),
  fc.tuple(fc.constant('LRANGE'), key, fc.constant(0), fc.constant(-1)),
  fc.tuple(fc.constant('HSET'), key, value, value),
  fc.tuple(fc.constant('HGETALL'), key),
  fc.tuple(fc.constant('MGET'), key, key, key),
  fc.tuple(fc.constant('DEL'), key),
  fc.tuple(fc.constant('ECHO'), value),
);

/** The encoding a command's reply is read in: each command of a pipeline has its own. */
const encoding = fc.constantFrom('utf8', 'latin1', null);

/** A settled reply as both sides can be compared: an error reply by its message, bytes not in the encoding as such, values as they are. */
function outcome(result) {
  if (result.status === 'fulfilled') return { value: result.value };
  return result.reason instanceof TypeError ? { undecodable: true } : { error: result.reason.message };
}

/** Thrown by `decoded()` for bytes that are not valid in the encoding. */
class Undecodable extends TypeError {}

/** ioredis's reply (bytes) as the contract decodes it in `encoding`, strictly. */
function decoded(value, encoding) {
  if (Array.isArray(value)) return value.map((item) => decoded(item, encoding));
  if (!Buffer.isBuffer(value) || encoding === null) return value;
  if (encoding === 'utf8' && !isUtf8(value)) throw new Undecodable();
  return value.toString(encoding);
}

test('any sequence of commands, each in an encoding of its own, pipelined in one tick by the transport, is answered as ioredis answers it one at a time', { skip }, async () => {
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(command, encoding), { minLength: 1, maxLength: 30 }), async (commands) => {
        await transport.send(['FLUSHDB'], null);
        await ioredis.flushdb();
        const pipelined = await Promise.allSettled(commands.map(([args, chosen]) => transport.send(args, chosen)));
        const oneByOne = [];
        for (const [[name, ...args], chosen] of commands) {
          const [result] = await Promise.allSettled([ioredis.callBuffer(name, ...args).then((value) => decoded(value, chosen))]);
          oneByOne.push(result);
        }
        assert.deepStrictEqual(pipelined.map(outcome), oneByOne.map(outcome));
      }),
      { seed, numRuns },
    );
  } catch (error) {
    console.error(`failed with SOCKET_FC_SEED=${seed}`);
    throw error;
  }
});
