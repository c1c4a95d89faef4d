// packages/memory/test/random-and-clock.test.mjs: what the differential test cannot compare one to one: random pops, QUIT's end, INFO, and the commands that read the double's clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryServer } from 'aioredis-abc-memory';

test('SPOP with a count below the set size pops that many distinct members of the set, and they are gone', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  await conn.execute('SADD', 's', 'a', 'b', 'c', 'd', 'e');
  const popped = await conn.execute('SPOP', 's', 2);
  assert.equal(popped.length, 2);
  assert.equal(new Set(popped).size, 2);
  const left = await conn.execute('SMEMBERS', 's');
  assert.deepEqual([...popped, ...left].sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.ok(left.includes(await conn.execute('SPOP', 's')));
  conn.close();
});

test('SRANDMEMBER and HRANDFIELD with a negative count may repeat; with a positive one they give distinct members', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  await conn.execute('SADD', 's', 'a', 'b');
  await conn.execute('HSET', 'h', 'f', 'v', 'g', 'w');
  const repeated = await conn.execute('SRANDMEMBER', 's', -20);
  assert.equal(repeated.length, 20);
  assert.ok(repeated.every((member) => member === 'a' || member === 'b'));
  assert.deepEqual((await conn.execute('SRANDMEMBER', 's', 5)).sort(), ['a', 'b']);
  const pairs = await conn.execute('HRANDFIELD', 'h', -3, 'WITHVALUES');
  assert.equal(pairs.length, 6);
  for (let i = 0; i < pairs.length; i += 2) assert.equal(pairs[i + 1], pairs[i] === 'f' ? 'v' : 'w');
  conn.close();
});

test('QUIT resolves with OK, then the connection ends as when a server closes it', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  assert.equal(await conn.execute('QUIT'), 'OK');
  await conn.waitClosed();
  assert.equal(conn.closed, true);
  await assert.rejects(conn.execute('PING'), { name: 'ConnectionClosedError' });
});

test('TIME, XADD * and LASTSAVE read the double\'s clock', async () => {
  let now = Date.parse('2030-01-01T00:00:00.250Z');
  const conn = await new MemoryServer({ clock: { now: () => now } }).connect({ encoding: 'utf-8' });
  assert.deepEqual(await conn.execute('TIME'), [String(Math.floor(now / 1000)), '250000']);
  assert.equal(await conn.execute('XADD', 'events', '*', 'kind', 'a'), `${now}-0`);
  assert.equal(await conn.execute('XADD', 'events', '*', 'kind', 'b'), `${now}-1`);
  now += 5;
  assert.equal(await conn.execute('XADD', 'events', '*', 'kind', 'c'), `${now}-0`);
  assert.equal(await conn.execute('LASTSAVE'), Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000));
  conn.close();
});

test('INFO has Redis\'s sections, with the double\'s clients, role and keyspace', async () => {
  const server = new MemoryServer();
  const conn = await server.connect({ encoding: 'utf-8' });
  await conn.execute('SET', 'a', '1');
  await conn.execute('SET', 'b', '2', 'EX', 100);
  const keyspace = await conn.execute('INFO', 'keyspace');
  assert.equal(keyspace, '# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n');
  const all = await conn.execute('INFO');
  assert.match(all, /^# Server\r\nredis_version:7\.0\.15\r\nredis_mode:standalone\r\n/);
  assert.match(all, /\r\n# Clients\r\nconnected_clients:1\r\nblocked_clients:0\r\n/);
  assert.match(all, /\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n/);
  assert.equal(await conn.execute('INFO', 'nosuch'), '');
  conn.close();
});

test('QUIT inside MULTI is not queued: it resolves with OK and the connection ends, as on a server', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  assert.equal(await conn.execute('MULTI'), 'OK');
  assert.equal(await conn.execute('QUIT'), 'OK');
  await conn.waitClosed();
  assert.equal(conn.closed, true);
});
