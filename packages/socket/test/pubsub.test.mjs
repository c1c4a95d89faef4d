// The transport's pub/sub against a model, on a real redis-server: any sequence of SUBSCRIBE, PSUBSCRIBE,
// their UN forms, PING and GET, each in an encoding of its own, pipelined in one tick, settles each
// command as the model of the server says: confirmations with the server's counts, PING's reply as in
// pub/sub mode or not, GET refused in pub/sub mode. SOCKET_FC_SEED and SOCKET_FC_RUNS as in the others.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { redisServerInstalled, startRedisServer } from 'aioredis-abc-conformance';
import { connectTransport } from 'aioredis-abc-socket';

const skip = redisServerInstalled() ? false : 'redis-server is not installed';
const seed = process.env.SOCKET_FC_SEED === undefined ? 25 : Number(process.env.SOCKET_FC_SEED);
const numRuns = process.env.SOCKET_FC_RUNS === undefined ? 60 : Number(process.env.SOCKET_FC_RUNS);

let server;
before(async () => {
  if (!skip) server = await startRedisServer();
});
after(async () => server?.stop());

class Refused extends Error {}

const channel = fc.constantFrom('c1', 'c2', 'c3');
const pattern = fc.constantFrom('c*', 'p*');
const encoding = fc.constantFrom('utf8', null);
/** A command: its arguments and the encoding its reply is read in. */
const command = fc.tuple(
  fc.oneof(
    fc.tuple(fc.constantFrom('SUBSCRIBE', 'UNSUBSCRIBE'), channel),
    fc.tuple(fc.constantFrom('SUBSCRIBE', 'UNSUBSCRIBE'), channel, channel),
    fc.tuple(fc.constantFrom('PSUBSCRIBE', 'PUNSUBSCRIBE'), pattern),
    fc.constant(['PING']),
    fc.tuple(fc.constant('PING'), fc.string({ maxLength: 4 })),
    fc.constant(['GET', 'k']),
  ),
  encoding,
);

/** Text as a reply in `encoding` holds it. */
const text = (value, chosen) => (chosen === null && typeof value === 'string' ? Buffer.from(value) : value);

/** What the server answers each command with, in order, as the transport settles it: the model's own bookkeeping of subscriptions. */
function model(commands) {
  const channels = new Set();
  const patterns = new Set();
  return commands.map(([[name, ...args], chosen]) => {
    const count = () => channels.size + patterns.size;
    if (name === 'PING' || name === 'GET') {
      if (count() === 0) return { value: name === 'GET' ? null : text(args[0] ?? 'PONG', chosen) };
      if (name === 'GET') return { error: true };
      return { value: [text('pong', chosen), text(args[0] ?? '', chosen)] };
    }
    const set = name.startsWith('P') ? patterns : channels;
    return {
      value: args.map((arg) => {
        if (name.includes('UNSUB')) set.delete(arg);
        else set.add(arg);
        return [text(name.toLowerCase(), chosen), text(arg, chosen), count()];
      }),
    };
  });
}

test('any pipeline of pub/sub commands, PING and GET, each in its own encoding, settles as the model of the server says', { skip }, async () => {
  const run = async (commands) => {
    const t = await connectTransport({ host: server.host, port: server.port }, { replyError: (message) => new Refused(message) });
    try {
      const sent = commands.map(([args, chosen]) => (/SUBSCRIBE/.test(args[0]) ? t.sendPubsub(args, chosen) : t.send(args, chosen)));
      const settled = await Promise.allSettled(sent);
      const seen = settled.map((result) => (result.status === 'fulfilled' ? { value: result.value } : { error: result.reason instanceof Refused }));
      assert.deepStrictEqual(seen, model(commands));
      const last = model(commands).findLast((reply) => Array.isArray(reply.value) && Array.isArray(reply.value[0]));
      assert.equal(t.inPubsub, last === undefined ? false : last.value.at(-1)[2] > 0);
    } finally {
      t.close();
      await t.closed;
    }
  };
  try {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 20 }), run), { seed, numRuns });
  } catch (error) {
    console.error(`failed with SOCKET_FC_SEED=${seed}`);
    throw error;
  }
});
