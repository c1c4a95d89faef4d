// The transport against a real redis-server that this file starts (and stops, whatever fails).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as netConnect, createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { redisServerInstalled, startRedisServer } from 'aioredis-abc-conformance';
import { CommandEncoder, connectTransport, RespProtocolError, Transport } from 'aioredis-abc-socket';

const skip = redisServerInstalled() ? false : 'redis-server is not installed';
/** The server of every case but the one that kills its own. */
let server;
/** Transports opened by a case, closed after it whatever happened. */
const opened = [];

class TestReplyError extends Error {}
class TestClosedError extends Error {}

/** A transport to `on` (the shared server by default), closed at the end of the file. */
async function open(on = server, options = {}) {
  const transport = await connectTransport(
    { host: on.host, port: on.port },
    { replyError: (message) => new TestReplyError(message), closedError: (cause) => new TestClosedError('closed', { cause }), ...options },
  );
  opened.push(transport);
  return transport;
}

/** A promise that rejects if `promise` has not settled within `ms`: nothing may hang. */
function within(promise, ms = 10_000) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

before(async () => {
  if (!skip) server = await startRedisServer();
});
after(async () => {
  for (const transport of opened) transport.close();
  await Promise.all(opened.map((transport) => transport.closed));
  await server?.stop();
});

test('replies come decoded in the command\'s encoding: text, bytes, integers, nulls, arrays', { skip }, async () => {
  const t = await open();
  assert.equal(await t.send(['SET', 'k', 'vé'], 'utf8'), 'OK');
  assert.equal(await t.send(['GET', 'k'], 'utf8'), 'vé');
  assert.deepEqual(await t.send(['GET', 'k'], null), Buffer.from('vé'));
  assert.equal(await t.send(['GET', 'k'], 'latin1'), Buffer.from('vé').toString('latin1'));
  assert.equal(await t.send(['GET', 'missing'], 'utf8'), null);
  assert.equal(await t.send(['INCRBY', 'n', 41], 'utf8'), 41);
  await t.send(['RPUSH', 'list', 'a', Buffer.from([0xff]), 3], null);
  assert.deepEqual(await t.send(['LRANGE', 'list', 0, -1], null), [Buffer.from('a'), Buffer.from([0xff]), Buffer.from('3')]);
  assert.deepEqual(await t.send(['HGETALL', 'no-hash'], 'utf8'), []);
});

test('an error reply rejects with replyError; one inside an array (as EXEC gives it) is that error in the array it resolves with', { skip }, async () => {
  const t = await open();
  await t.send(['SET', 'text', 'x'], 'utf8');
  await assert.rejects(t.send(['INCR', 'text'], 'utf8'), (error) => error instanceof TestReplyError && /^ERR value is not an integer/.test(error.message));
  assert.equal(await t.send(['MULTI'], 'utf8'), 'OK');
  assert.equal(await t.send(['INCR', 'text'], 'utf8'), 'QUEUED');
  assert.equal(await t.send(['PING'], 'utf8'), 'QUEUED');
  const [failed, pong] = await t.send(['EXEC'], 'utf8');
  assert.ok(failed instanceof TestReplyError);
  assert.equal(pong, 'PONG');
  assert.equal(await t.send(['PING'], 'utf8'), 'PONG');
});

test('bytes not valid in the encoding reject with a TypeError, and the next command reads on', { skip }, async () => {
  const t = await open();
  await t.send(['SET', 'bad', Buffer.from([0xc3, 0x28])], null);
  await assert.rejects(t.send(['GET', 'bad'], 'utf8'), TypeError);
  assert.equal(await t.send(['ECHO', 'after'], 'utf8'), 'after');
});

test('commands sent in one tick are answered in order, large and small arguments alike', { skip }, async () => {
  const t = await open();
  const big = 'é'.repeat(200_000);
  const replies = await Promise.all(Array.from({ length: 2000 }, (_, i) => t.send(['ECHO', i % 500 === 0 ? big : `m${i}`], 'utf8')));
  replies.forEach((reply, i) => assert.equal(reply, i % 500 === 0 ? big : `m${i}`));
});

test('an argument that is neither text, bytes nor a number rejects that command alone', { skip }, async () => {
  const t = await open();
  const [bad, good] = await Promise.allSettled([t.send(['ECHO', null], 'utf8'), t.send(['ECHO', 'fine'], 'utf8')]);
  assert.equal(bad.status, 'rejected');
  assert.ok(bad.reason instanceof TypeError);
  assert.deepEqual(good, { status: 'fulfilled', value: 'fine' });
});

test('pub/sub: confirmations resolve the command and go to onPush with every message, PING still answers', { skip }, async () => {
  const sub = await open(server, { pushEncoding: 'utf8' });
  const pub = await open();
  const pushes = [];
  sub.onPush = (push) => pushes.push(push);
  const confirmed = await sub.sendPubsub(['SUBSCRIBE', 'a', 'b'], 'utf8');
  assert.deepEqual(confirmed, [['subscribe', 'a', 1], ['subscribe', 'b', 2]]);
  assert.equal(sub.inPubsub, true);
  assert.deepEqual(await sub.sendPubsub(['PSUBSCRIBE', 'p*'], 'utf8'), [['psubscribe', 'p*', 3]]);
  assert.equal(await pub.send(['PUBLISH', 'a', 'hello'], 'utf8'), 1);
  assert.equal(await pub.send(['PUBLISH', 'pq', 'world'], 'utf8'), 1);
  assert.deepEqual(await sub.send(['PING'], 'utf8'), ['pong', '']);
  assert.deepEqual(await sub.send(['PING', 'raw'], null), [Buffer.from('pong'), Buffer.from('raw')]);
  assert.deepEqual(pushes.slice(3), [['message', 'a', 'hello'], ['pmessage', 'p*', 'pq', 'world']]);
  await sub.sendPubsub(['UNSUBSCRIBE', 'a', 'b'], 'utf8');
  await sub.sendPubsub(['PUNSUBSCRIBE', 'p*'], 'utf8');
  assert.equal(sub.inPubsub, false);
  await sub.send(['RPUSH', 'looks-like-a-message', 'message', 'x', 'y'], 'utf8');
  assert.deepEqual(await sub.send(['LRANGE', 'looks-like-a-message', 0, -1], 'utf8'), ['message', 'x', 'y']);
});

test('pub/sub messages come in the push encoding: bytes when it is null', { skip }, async () => {
  const sub = await open(server, { pushEncoding: null });
  const pub = await open();
  const message = new Promise((resolve) => (sub.onPush = (push) => push[0].toString() === 'message' && resolve(push)));
  await sub.sendPubsub(['SUBSCRIBE', 'raw'], 'utf8');
  await pub.send(['PUBLISH', 'raw', Buffer.from([0xff, 0x00])], null);
  assert.deepEqual(await within(message), [Buffer.from('message'), Buffer.from('raw'), Buffer.from([0xff, 0x00])]);
});

test('close() rejects every pending command with its error, once, and every later one', { skip }, async () => {
  const t = await open();
  const pending = Array.from({ length: 100 }, () => t.send(['BLPOP', 'never', 0], 'utf8'));
  const forced = new Error('forced');
  t.close(forced);
  t.close(new Error('again'));
  const settled = await within(Promise.allSettled(pending));
  assert.deepEqual(new Set(settled.map((result) => result.reason)), new Set([forced]));
  await assert.rejects(t.send(['PING'], 'utf8'), (error) => error === forced);
  await within(t.closed);
  assert.equal(t.pending, 0);
});

test('a server killed mid-command rejects it with closedError, and nothing hangs', { skip }, async () => {
  const own = await startRedisServer();
  try {
    const t = await open(own);
    // Settled as soon as the socket closes, which may be before kill() returns.
    const outcomes = Promise.allSettled([t.send(['BLPOP', 'never', 0], 'utf8'), t.send(['PING'], 'utf8')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.kill();
    const [blocked, more] = await within(outcomes);
    assert.ok(blocked.reason instanceof TestClosedError);
    assert.ok(more.reason instanceof TestClosedError);
    await within(t.closed);
    await assert.rejects(t.send(['PING'], 'utf8'), TestClosedError);
  } finally {
    await own.stop();
  }
});

test('a refused connection rejects connectTransport()', { skip }, async () => {
  const own = await startRedisServer();
  const port = own.port;
  await own.stop();
  await assert.rejects(within(connectTransport({ host: '127.0.0.1', port })), /ECONNREFUSED/);
});

test('over TLS, with the server\'s CA trusted, commands are answered as over TCP', { skip }, async () => {
  const own = await startRedisServer({ tls: true });
  try {
    const t = await connectTransport({ host: own.host, port: own.port, tls: { ca: own.ca, servername: 'localhost' } });
    opened.push(t);
    assert.equal(await within(t.send(['ECHO', 'secure'], 'utf8')), 'secure');
  } finally {
    await own.stop();
  }
});

test('bytes that are not RESP2 close the transport: pending commands reject with closedError, its cause the protocol error', async () => {
  const liar = createServer((socket) => socket.once('data', () => socket.write('?not RESP\r\n')));
  await new Promise((resolve) => liar.listen(0, '127.0.0.1', resolve));
  try {
    const t = await open({ host: '127.0.0.1', port: liar.address().port });
    await assert.rejects(within(t.send(['PING'], 'utf8')), (error) => error instanceof TestClosedError && error.cause instanceof RespProtocolError);
    await within(t.closed);
  } finally {
    liar.close();
  }
});

test('an unknown transport option is refused by name, before any socket is opened', async () => {
  await assert.rejects(connectTransport({ host: '127.0.0.1', port: 1 }, { pushEncodng: null }), /unknown transport option "pushEncodng"/);
});

test('sharded pub/sub: SSUBSCRIBE is counted apart, smessage is a push, SUNSUBSCRIBE leaves pub/sub mode', { skip }, async () => {
  const sub = await open();
  const pub = await open();
  const pushes = [];
  sub.onPush = (push) => pushes.push(push);
  assert.deepEqual(await sub.sendPubsub(['SSUBSCRIBE', 'shard'], 'utf8'), [['ssubscribe', 'shard', 1]]);
  assert.deepEqual(await sub.sendPubsub(['SUBSCRIBE', 'plain'], 'utf8'), [['subscribe', 'plain', 1]]);
  assert.equal(await pub.send(['SPUBLISH', 'shard', 'hi'], 'utf8'), 1);
  assert.deepEqual(await sub.send(['PING', 'x'], 'utf8'), ['pong', 'x']);
  assert.deepEqual(pushes.at(-1), ['smessage', 'shard', 'hi']);
  await sub.sendPubsub(['UNSUBSCRIBE', 'plain'], 'utf8');
  assert.equal(sub.inPubsub, true);
  await sub.sendPubsub(['SUNSUBSCRIBE', 'shard'], 'utf8');
  assert.equal(sub.inPubsub, false);
  assert.equal(await sub.send(['ECHO', 'back'], 'utf8'), 'back');
});

test('a pub/sub command refused with an error reply rejects alone, and the commands after it are answered', { skip }, async () => {
  const admin = await open();
  await admin.send(['ACL', 'SETUSER', 'no-channels', 'on', 'nopass', 'resetchannels', '+@all', '~*'], 'utf8');
  const t = await open();
  await t.send(['AUTH', 'no-channels', 'any'], 'utf8');
  const [refused, after] = await Promise.allSettled([t.sendPubsub(['SUBSCRIBE', 'secret'], 'utf8'), t.send(['ECHO', 'after'], 'utf8')]);
  assert.ok(refused.reason instanceof TestReplyError && /^NOPERM/.test(refused.reason.message), String(refused.reason));
  assert.deepEqual(after, { status: 'fulfilled', value: 'after' });
  assert.equal(t.inPubsub, false);
});

test('an onPush that throws closes the transport, its error the cause of every pending command\'s rejection', { skip }, async () => {
  const sub = await open();
  const pub = await open();
  const thrown = new Error('listener bug');
  sub.onPush = (push) => {
    if (push[0] === 'message') throw thrown;
  };
  await sub.sendPubsub(['SUBSCRIBE', 'boom'], 'utf8');
  await pub.send(['PUBLISH', 'boom', 'x'], 'utf8');
  // The server writes the message before the PING's reply: the PING is pending when the listener throws, or sent after.
  const error = await within(sub.send(['PING'], 'utf8').catch((reason) => reason));
  assert.ok(error instanceof TestClosedError && error.cause === thrown, String(error));
  await within(sub.closed);
});

test('a server that stops reading holds the socket at one batch beyond its buffer: the rest waits in the encoder, and all of it goes once the server reads again', async () => {
  const fake = createServer().listen(0, '127.0.0.1');
  opened.push({ close: () => fake.close(), closed: Promise.resolve() });
  await once(fake, 'listening');
  const accepted = once(fake, 'connection');
  const socket = netConnect({ host: '127.0.0.1', port: fake.address().port });
  const transport = new Transport(socket, {});
  opened.push(transport);
  const [peer] = await accepted;
  peer.pause();
  let received = 0;
  peer.on('data', (chunk) => (received += chunk.length));
  const value = Buffer.alloc(64 * 1024, 0x78);
  const encoder = new CommandEncoder();
  encoder.push(['SET', 'k', value]);
  const perCommand = encoder.take().length;
  const commands = 800;
  let most = 0;
  for (let i = 0; i < commands; i += 1) {
    transport.send(['SET', 'k', value], null).catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    most = Math.max(most, socket.writableLength);
  }
  assert.ok(most <= 4 * perCommand, `the socket held ${most} bytes unwritten, more than a batch of ${perCommand} and its buffer`);
  const all = new Promise((resolve) => peer.on('data', () => received === commands * perCommand && resolve()));
  peer.resume();
  await within(all);
});
