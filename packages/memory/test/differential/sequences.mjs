// packages/memory/test/differential/sequences.mjs: random command sequences over a small key space, for the differential test.
import fc from 'fast-check';
import { functionCommands, scriptCommands } from './scripts.mjs';

/** A key that is not valid UTF-8, to prove keys are bytes. */
const binaryKey = Buffer.from([0xe9, 0x00, 0x6b]);

const key = fc.constantFrom('a', 'b', 'c', binaryKey);
const value = fc.constantFrom('v', 'w', '1', '-2', '10', '1.5', '', ' 3', '9223372036854775807', '-9223372036854775808', Buffer.from([0xff, 0x00]));
const integer = fc.constantFrom('0', '1', '-1', '2', '3', '10', '-3', 'abc', '1.5', '01', '+1', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '');
const float = fc.constantFrom('0', '1', '-1', '1.5', '0.1', '2.5', 'inf', '-inf', '+inf', '1e3', 'abc', 'nan', '', '1e400', '-0', ' 1', '.5', '5.', '1e-400');
const increment = fc.constantFrom('0.1', '0.2', '-0.3', '1', '1.5', '3.0e3', '1e400', '-1e400', '1e-4940', '0x10', '1.00000381469726562500000001', 'inf', '', 'abc', ' 1', '5e-324', '-1.5e-5');
const seconds = fc.constantFrom('100', '1000', '0', '-1', 'abc', '9223372036854775807', '9223372036854775');
const milliseconds = fc.constantFrom('100000', '1000000', '0', '-5', 'abc');
/** An absolute time, resolved when the sequence runs: well past, or well ahead of, its start. */
const at = (unit) => fc.constantFrom('past', 'future', 'later').map((when) => ({ at: when, unit }));
const field = fc.constantFrom('f', 'g', 'h');
const member = fc.constantFrom('m', 'n', 'o', 'p');
const pattern = fc.constantFrom('*', 'a*', '?', '[ab]', '[^a]*', '\\a', 'c', '*k', '[a-b]');
const count = fc.constantFrom('1', '2', '5', '0', '-1', 'abc', '10');
const index = fc.constantFrom('0', '1', '-1', '-2', '2', '5', 'abc', '-100');
const scoreBound = fc.constantFrom('-inf', '+inf', '1', '(1', '2.5', '(0.1', 'abc', '(', '', '  1', '1e400', '0');
const lexBound = fc.constantFrom('-', '+', '[m', '(n', '[o', '(p', 'm', '[');
const timeout = fc.constantFrom('0.01', '0.02', 'abc', '-1');

const some = (arb, min, max) => fc.array(arb, { minLength: min, maxLength: max });
const flat = (parts) => parts.flat();
/** Options in any order, each a few words: the parsers see every combination, repeats and conflicts included. */
const options = (choices, max = 3) => some(fc.oneof(...choices), 0, max).map(flat);
const word = (...words) => fc.constant(words);

const setOptions = options([
  word('NX'),
  word('XX'),
  word('GET'),
  word('KEEPTTL'),
  fc.tuple(fc.constant('EX'), seconds),
  fc.tuple(fc.constant('PX'), milliseconds),
  fc.tuple(fc.constant('EXAT'), at('s')),
  fc.tuple(fc.constant('PXAT'), at('ms')),
  word('EX'),
  word('nx'),
  word('BAD'),
]);
const getexOptions = options([
  word('PERSIST'),
  fc.tuple(fc.constant('EX'), seconds),
  fc.tuple(fc.constant('PX'), milliseconds),
  fc.tuple(fc.constant('EXAT'), at('s')),
  fc.tuple(fc.constant('PXAT'), at('ms')),
  word('BAD'),
]);
const relativeFlags = options([word('NX'), word('XX'), word('BAD')], 2);
const absoluteFlags = options([word('NX'), word('XX'), word('GT'), word('LT'), word('gt')], 2);
const zaddFlags = options([word('NX'), word('XX'), word('GT'), word('LT'), word('CH'), word('INCR')], 3);
const zrangeOptions = options([word('BYSCORE'), word('BYLEX'), word('REV'), word('WITHSCORES'), fc.tuple(fc.constant('LIMIT'), index, count), word('LIMIT'), word('BAD')], 3);
const limit = fc.option(fc.tuple(fc.constant('LIMIT'), index, count), { nil: [] });
const withScores = fc.constantFrom([], ['WITHSCORES']);

/** One command: its words, the name first. */
const command = (name, ...parts) => fc.tuple(...parts).map((args) => [name, ...args.flatMap((part) => (Array.isArray(part) ? part : [part]))]);

const strings = [
  command('SET', key, value, setOptions),
  command('GET', key),
  command('GETDEL', key),
  command('GETEX', key, getexOptions),
  command('MGET', some(key, 1, 3)),
  command('MSET', some(fc.oneof(fc.tuple(key, value), fc.tuple(key)), 1, 2).map(flat)),
  command('MSETNX', some(fc.tuple(key, value), 1, 2).map(flat)),
  command('INCR', key),
  command('DECR', key),
  command('INCRBY', key, integer),
  command('DECRBY', key, integer),
  command('INCRBYFLOAT', key, increment),
  command('APPEND', key, value),
  command('STRLEN', key),
  command('GETRANGE', key, index, index),
  command('SETRANGE', key, fc.constantFrom('0', '1', '3', '-1', 'abc'), value),
  command('SETNX', key, value),
  command('GETSET', key, value),
  command('SETEX', key, seconds, value),
  command('PSETEX', key, milliseconds, value),
];
const keys = [
  command('DEL', some(key, 1, 3)),
  command('UNLINK', some(key, 1, 2)),
  command('EXISTS', some(key, 1, 3)),
  command('EXPIRE', key, seconds, relativeFlags),
  command('PEXPIRE', key, milliseconds, relativeFlags),
  command('EXPIREAT', key, at('s'), absoluteFlags),
  command('PEXPIREAT', key, at('ms'), absoluteFlags),
  command('TTL', key),
  command('PTTL', key),
  command('EXPIRETIME', key),
  command('PEXPIRETIME', key),
  command('PERSIST', key),
  command('TYPE', key),
  command('RENAME', key, key),
  command('RENAMENX', key, key),
  command('KEYS', pattern),
  command('SCAN', fc.constantFrom('0', 'abc', '-1'), options([fc.tuple(fc.constant('MATCH'), pattern), fc.tuple(fc.constant('COUNT'), count), fc.tuple(fc.constant('TYPE'), fc.constantFrom('string', 'list', 'zset', 'nope')), word('COUNT')], 2)),
  command('DBSIZE'),
  command('TOUCH', some(key, 1, 3)),
];
const hashes = [
  command('HSET', key, some(fc.oneof(fc.tuple(field, value), fc.tuple(field)), 1, 2).map(flat)),
  command('HMSET', key, some(fc.tuple(field, value), 1, 2).map(flat)),
  command('HSETNX', key, field, value),
  command('HGET', key, field),
  command('HMGET', key, some(field, 1, 3)),
  command('HGETALL', key),
  command('HDEL', key, some(field, 1, 2)),
  command('HEXISTS', key, field),
  command('HLEN', key),
  command('HINCRBY', key, field, integer),
  command('HINCRBYFLOAT', key, field, increment),
  command('HKEYS', key),
  command('HVALS', key),
  command('HSTRLEN', key, field),
  command('HSCAN', key, fc.constantFrom('0', 'abc'), options([fc.tuple(fc.constant('MATCH'), fc.constantFrom('*', 'f', '[gh]')), fc.tuple(fc.constant('COUNT'), count), word('BAD')], 2)),
];
const lists = [
  command('LPUSH', key, some(value, 1, 3)),
  command('RPUSH', key, some(value, 1, 3)),
  command('LPUSHX', key, some(value, 1, 2)),
  command('RPUSHX', key, some(value, 1, 2)),
  command('LPOP', key, fc.option(count, { nil: [] })),
  command('RPOP', key, fc.option(count, { nil: [] })),
  command('LRANGE', key, index, index),
  command('LLEN', key),
  command('LINDEX', key, index),
  command('LSET', key, index, value),
  command('LREM', key, index, value),
  command('LTRIM', key, index, index),
  command('LINSERT', key, fc.constantFrom('BEFORE', 'AFTER', 'after', 'BAD'), value, value),
  command('LMOVE', key, key, fc.constantFrom('LEFT', 'RIGHT', 'up'), fc.constantFrom('LEFT', 'right')),
  command('RPOPLPUSH', key, key),
  command('BLMOVE', key, key, fc.constantFrom('LEFT', 'RIGHT', 'up'), fc.constantFrom('LEFT', 'right'), timeout),
  command('BRPOPLPUSH', key, key, timeout),
  command('BLPOP', some(key, 1, 2), timeout),
  command('BRPOP', some(key, 1, 2), timeout),
];
const sets = [
  command('SADD', key, some(member, 1, 3)),
  command('SREM', key, some(member, 1, 2)),
  command('SMEMBERS', key),
  command('SISMEMBER', key, member),
  command('SMISMEMBER', key, some(member, 1, 2)),
  command('SCARD', key),
  command('SMOVE', key, key, member),
  command('SSCAN', key, fc.constantFrom('0', 'abc'), options([fc.tuple(fc.constant('MATCH'), fc.constantFrom('*', 'm', '[no]')), word('BAD')], 1)),
  command('SINTER', some(key, 1, 3)),
  command('SUNION', some(key, 1, 3)),
  command('SDIFF', some(key, 1, 3)),
];
const sortedSets = [
  command('ZADD', key, zaddFlags, some(fc.tuple(float, member), 1, 2).map(flat)),
  command('ZINCRBY', key, float, member),
  command('ZSCORE', key, member),
  command('ZMSCORE', key, some(member, 1, 2)),
  command('ZREM', key, some(member, 1, 2)),
  command('ZCARD', key),
  command('ZCOUNT', key, scoreBound, scoreBound),
  command('ZRANK', key, member),
  command('ZREVRANK', key, member),
  command('ZRANGE', key, fc.oneof(index, scoreBound, lexBound), fc.oneof(index, scoreBound, lexBound), zrangeOptions),
  command('ZREVRANGE', key, index, index, withScores),
  command('ZRANGEBYSCORE', key, scoreBound, scoreBound, withScores, limit),
  command('ZREVRANGEBYSCORE', key, scoreBound, scoreBound, withScores, limit),
  command('ZRANGEBYLEX', key, lexBound, lexBound, limit),
  command('ZLEXCOUNT', key, lexBound, lexBound),
  command('ZPOPMIN', key, fc.option(count, { nil: [] })),
  command('ZPOPMAX', key, fc.option(count, { nil: [] }), fc.constantFrom([], [], ['1'])),
  command('BZPOPMIN', some(key, 1, 2), timeout),
  command('BZPOPMAX', some(key, 1, 2), timeout),
  command('ZREMRANGEBYRANK', key, index, index),
  command('ZREMRANGEBYSCORE', key, scoreBound, scoreBound),
  command('ZREMRANGEBYLEX', key, lexBound, lexBound),
  command('ZSCAN', key, fc.constantFrom('0', 'abc'), options([fc.tuple(fc.constant('MATCH'), fc.constantFrom('*', 'm', '[no]')), fc.tuple(fc.constant('COUNT'), count)], 2)),
];
const transactions = [command('MULTI'), command('EXEC'), command('DISCARD'), command('WATCH', some(key, 1, 2)), command('UNWATCH')];
/** Scripts calling the commands above, as scripts.mjs makes them. */
const scripts = [...scriptCommands([...strings, ...keys, ...hashes, ...lists, ...sets, ...sortedSets]), ...functionCommands([...strings, ...keys, ...hashes, ...lists, ...sets, ...sortedSets])];
const refusals = [command('NOSUCH', key), command('GET'), command('GET', key, key), command('SELECT', fc.constantFrom('1', '16', 'abc', '0')), command('FLUSHDB', fc.constantFrom([], ['ASYNC'], ['BAD']))];

/** The commands the double took over from ioredis-mock's list: bits, positions, multi-pops, stores, random members, and a lone master's server answers. */
/** One of several commands with the same arguments. */
const named = (names, ...parts) => fc.oneof(...names.map((name) => command(name, ...parts)));
const bitOffset = fc.constantFrom('0', '1', '7', '9', '100', '-1', 'abc', '4294967296');
const numkeys = (keyArb, max = 3) => some(keyArb, 1, max).chain((ks) => fc.tuple(fc.constantFrom(String(ks.length), String(ks.length), '0', String(ks.length + 1), 'abc'), fc.constant(ks))).map(([n, ks]) => [n, ...ks]);
const zsetOptions = options([fc.tuple(fc.constant('WEIGHTS'), some(fc.constantFrom('1', '2', '-1', 'inf', 'abc'), 1, 3)).map(([w, ws]) => [w, ...ws]), fc.tuple(fc.constant('AGGREGATE'), fc.constantFrom('SUM', 'min', 'MAX', 'avg')), word('WITHSCORES'), word('BAD')], 2);
const extras = [
  command('GETBIT', key, bitOffset),
  command('SETBIT', key, bitOffset, fc.constantFrom('0', '1', '2', 'abc')),
  command('BITCOUNT', key, fc.constantFrom([], ['0', '-1'], ['1', '2'], ['-2', '-1', 'BIT'], ['3', '20', 'BIT'], ['0', '0', 'BYTE'], ['1'], ['0', '1', 'BAD'], ['a', '1'], ['-1', '-3'])),
  command('SUBSTR', key, index, index),
  command('LPOS', key, value, options([fc.tuple(fc.constant('RANK'), fc.constantFrom('1', '2', '-1', '-2', '0', 'abc')), fc.tuple(fc.constant('COUNT'), fc.constantFrom('0', '1', '2', '-1', 'abc')), fc.tuple(fc.constant('MAXLEN'), fc.constantFrom('0', '1', '3', '-1')), word('BAD')], 2)),
  command('LMPOP', numkeys(key), fc.constantFrom('LEFT', 'right', 'UP'), fc.constantFrom([], ['COUNT', '2'], ['COUNT', '0'], ['COUNT', '1', 'COUNT', '1'], ['BAD'])),
  named(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'], key, some(key, 1, 3)),
  command('SPOP', key, fc.constantFrom(['10'], ['0'], ['-1'], ['abc'], ['1', '2'])),
  command('SRANDMEMBER', key, fc.constantFrom([], ['2'], ['-3'], ['0'], ['10'], ['abc'], ['1', '2'])),
  command('HRANDFIELD', key, fc.constantFrom([], ['2'], ['-3'], ['0'], ['10'], ['2', 'WITHVALUES'], ['-2', 'withvalues'], ['1', 'BAD'], ['abc'])),
  named(['ZINTERSTORE', 'ZUNIONSTORE', 'ZDIFFSTORE'], key, numkeys(key), zsetOptions),
  named(['ZINTER', 'ZUNION', 'ZDIFF'], numkeys(key), zsetOptions),
  command('RANDOMKEY'),
  command('TIME'),
  named(['ROLE', 'ASKING', 'READONLY', 'READWRITE', 'LOLWUT']),
  command('PUBSUB', fc.constantFrom(['NUMPAT'], ['CHANNELS'], ['CHANNELS', '*'], ['NUMSUB', 'a', 'b'], ['NOPE'], ['NUMPAT', 'x'])),
  command('AUTH', fc.constantFrom(['pw'], ['user', 'pw'], ['a', 'b', 'c'])),
  command('CLUSTER', fc.constantFrom(['INFO'], ['NOPE'], ['INFO', 'x'])),
  command('FAILOVER', fc.constantFrom([], ['ABORT'], ['TIMEOUT', '0'], ['TO', 'h', 'abc'], ['FORCE', 'FORCE'], ['TIMEOUT', '10'])),
  command('REPLCONF', fc.constantFrom(['listening-port', '1'], ['foo', 'bar'], ['a'], ['capa', 'eof'], ['rdb-only', '2'])),
  command('CONFIG', fc.constantFrom(['GET', 'maxmemory'], ['GET', 'MAXMEMORY', 'maxmemory'], ['GET', 'hash-max-*'], ['GET', 'nosuch'], ['GET', 'maxmemory-policy', 'appendonly', 'slaveof'], ['SET', 'nosuch', '1'], ['SET', 'a'], ['RESETSTAT'], ['REWRITE'], ['NOPE'], ['GET'])),
  command('COMMAND', fc.constantFrom(['COUNT'], ['LIST', 'FILTERBY', 'PATTERN', 'x*'], ['LIST', 'FILTERBY', 'MODULE', 'm'], ['LIST', 'BAD'], ['COUNT', 'x'], ['NOPE'])),
  command('OBJECT', fc.constantFrom(['FREQ'], ['HELP'], ['NOPE']), key),
  named(['REPLICAOF', 'SLAVEOF'], fc.constantFrom(['NO', 'ONE'], ['no', 'one'], ['h', '70000'], ['h', 'abc'])),
];

/** Mostly one of `valid`, now and then one of `invalid`: enough to reach the state past the argument checks, and the checks too. */
const mostly = (valid, invalid) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
/** Stream IDs for XADD: `ms-*` ones a sequence replays exactly on both sides, a few taken or invalid. */
const streamId = mostly(['1-*', '2-*', '3-*', '4-*', '5-*', '6-1', '7'], ['2-1', '0-0', '0-1', 'bad', '-1', '18446744073709551615-18446744073709551615', ' 8', '9-*']);
const entryId = mostly(['1-0', '1-1', '2-0', '2-1', '3-0', '4-0', '4-1', '5-0'], ['0-1', '9', 'bad']);
const bound = mostly(['-', '+', '1', '2-0', '(2-0', '3', '(3-0', '0-0', '(0-0'], ['(-', '(18446744073709551615-18446744073709551615', 'bad']);
const group = fc.constantFrom('g', 'g', 'g', 'h');
const consumer = fc.constantFrom('c', 'd', 'e');
/** Idle times that do not depend on how fast a side runs: none, or far more than a sequence takes. */
const idle = mostly(['0', '3600000'], ['-5', 'abc']);
const trim = fc.oneof(
  fc.tuple(fc.constantFrom('MAXLEN', 'MINID', 'maxlen'), fc.constantFrom([], ['='], ['~']), mostly(['0', '1', '2', '3-0'], ['-1', 'abc'])).map(([word, how, value]) => [word, ...how, value]),
  fc.constant(['LIMIT', '5']),
  fc.tuple(fc.constant('MAXLEN'), fc.constant('~'), fc.constantFrom('0', '1'), fc.constant('LIMIT'), fc.constantFrom('0', '1', '200')),
);
const streamFields = some(fc.tuple(fc.constantFrom('f', 'g'), value), 1, 2).map(flat);
const streamIdsFor = (ks) => fc.array(mostly(['0', '$', '1-0', '2-1'], ['>', 'bad']), { minLength: ks.length, maxLength: ks.length }).map((ids) => [...ks, ...ids]);

/** The stream commands on `streamKey`: entries, trims, ranges, reads, groups, claims and XINFO. */
function streamCommands(streamKey) {
  return [
    command('XADD', streamKey, fc.constantFrom([], [], [], ['NOMKSTREAM']), fc.option(trim, { nil: [], freq: 3 }), streamId, fc.oneof({ weight: 12, arbitrary: streamFields }, { weight: 1, arbitrary: fc.constantFrom([], ['f']) })),
    command('XADD', streamKey, fc.constant('*'), streamFields),
    command('XRANGE', streamKey, bound, bound, fc.constantFrom([], [], ['COUNT', '1'], ['COUNT', '0'], ['COUNT', '-1'], ['COUNT'], ['BAD', '1'])),
    command('XREVRANGE', streamKey, bound, bound, fc.constantFrom([], ['COUNT', '2'])),
    command('XLEN', streamKey),
    command('XDEL', streamKey, some(entryId, 1, 2)),
    command('XTRIM', streamKey, fc.oneof({ weight: 6, arbitrary: trim }, { weight: 1, arbitrary: fc.constant(['BAD']) })),
    command('XREAD', mostly([[], ['COUNT', '1']], [['NOACK'], ['BLOCK', '-1']]), fc.constant('STREAMS'), some(streamKey, 1, 2).chain(streamIdsFor)),
    command('XGROUP', fc.constantFrom('CREATE', 'create'), streamKey, group, mostly(['0', '$', '2-0'], ['bad']), mostly([[], ['MKSTREAM'], ['ENTRIESREAD', '1']], [['ENTRIESREAD', '-2'], ['BAD']])),
    command('XGROUP', fc.constant('SETID'), streamKey, group, mostly(['0', '$', '2-0', '-'], ['bad']), fc.constantFrom([], ['ENTRIESREAD', '2'])),
    command('XGROUP', mostly(['DESTROY', 'CREATECONSUMER', 'DELCONSUMER'], ['NOPE', 'HELP']), streamKey, group, fc.constantFrom([], ['c'], ['d'], ['d'])),
    command('XREADGROUP', fc.constant('GROUP'), group, consumer, fc.constantFrom([], [], ['COUNT', '1'], ['NOACK'], ['COUNT', '2', 'NOACK']), fc.constant('STREAMS'), streamKey, mostly(['>', '>', '>', '0', '2-0'], ['$', 'bad'])),
    command('XACK', streamKey, group, some(entryId, 1, 2)),
    command('XPENDING', streamKey, group, mostly([[], ['-', '+', '10'], ['IDLE', '0', '-', '+', '5'], ['-', '+', '10', 'c'], ['(1-0', '3', '1'], ['IDLE', '3600000', '-', '+', '5']], [['-', '+'], ['-', '+', 'x']])),
    command('XCLAIM', streamKey, group, consumer, idle, some(entryId, 1, 2), options([word('FORCE'), word('JUSTID'), fc.tuple(fc.constant('IDLE'), fc.constantFrom('5000000', 'abc')), fc.tuple(fc.constant('RETRYCOUNT'), fc.constantFrom('3', '-1')), fc.tuple(fc.constant('LASTID'), entryId), word('BAD')], 2)),
    command('XAUTOCLAIM', streamKey, group, consumer, idle, bound, mostly([[], ['COUNT', '1'], ['JUSTID']], [['COUNT', '0'], ['BAD']])),
    command('XINFO', mostly(['STREAM', 'GROUPS', 'stream'], ['NOPE']), streamKey, mostly([[], [], ['FULL'], ['FULL', 'COUNT', '1']], [['BAD']])),
    command('XINFO', fc.constant('CONSUMERS'), streamKey, group),
    command('XSETID', streamKey, mostly(['5-0', '9-0', '18446744073709551615-18446744073709551615'], ['1-0']), fc.constantFrom([], ['ENTRIESADDED', '10'], ['MAXDELETEDID', '4-0'], ['ENTRIESADDED', '0'])),
  ];
}

/** A blocking read on client 0 while client 1 adds to, deletes, or drops the group of, the stream it waits on. */
function streamBlockStep(streamKey) {
  const block = fc.oneof(
    command('XREAD', fc.constantFrom([], ['COUNT', '1']), fc.constant('BLOCK'), fc.constant('100'), fc.constant('STREAMS'), streamKey, fc.constantFrom('$', '0', '5-0')),
    command('XREADGROUP', fc.constant('GROUP'), group, consumer, fc.constantFrom([], ['NOACK']), fc.constant('BLOCK'), fc.constant('100'), fc.constant('STREAMS'), streamKey, fc.constantFrom('>', '0')),
  );
  const push = fc.oneof(
    { weight: 4, arbitrary: command('XADD', streamKey, fc.constantFrom('3-*', '5-*', '9-*'), streamFields) },
    { weight: 1, arbitrary: command('DEL', streamKey) },
    { weight: 1, arbitrary: command('XGROUP', fc.constant('DESTROY'), streamKey, group) },
    { weight: 1, arbitrary: command('SET', streamKey, value) },
  );
  return fc.tuple(block, push).map(([blocked, pushed]) => ({ client: 0, blockThenPush: { block: blocked, push: pushed } }));
}


/** A step of a sequence: a command on client 0 or 1, or a step of the harness's own (`scan`, `expireSoon`, `blockThenPush`). */
const step = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.oneof(...strings, ...keys, ...hashes, ...lists, ...sets, ...sortedSets, ...transactions, ...refusals, ...scripts)).map(([client, args]) => ({ client, args })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.oneof(...streamCommands(key))).map(([client, args]) => ({ client, args })) },
  { weight: 1, arbitrary: streamBlockStep(key) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.oneof(...extras)).map(([client, args]) => ({ client, args })) },
  { weight: 1, arbitrary: key.map((target) => ({ client: 0, expireSoon: target })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(command('BLPOP', key, fc.constant('0.1')), command('BLMOVE', key, key, fc.constantFrom('LEFT', 'RIGHT'), fc.constantFrom('LEFT', 'RIGHT'), fc.constant('0.1')), command('BRPOPLPUSH', key, key, fc.constant('0.1')), command('BZPOPMAX', key, fc.constant('0.1'))),
        fc.oneof(command('RPUSH', key, some(value, 1, 2)), command('ZADD', key, some(fc.tuple(float, member), 1, 2).map(flat)), command('SET', key, value)),
      )
      .map(([block, push]) => ({ client: 0, blockThenPush: { block, push } })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.option(pattern, { nil: null })).map(([client, match]) => ({ client, scan: match })) },
);

/** A sequence of script commands among a few others, on both clients. */
export const scriptSequence = (maxLength = 12) =>
  fc.array(fc.tuple(fc.constantFrom(0, 0, 1), fc.oneof({ weight: 3, arbitrary: fc.oneof(...scripts) }, { weight: 1, arbitrary: fc.oneof(...strings, ...transactions) })).map(([client, args]) => ({ client, args })), { minLength: 1, maxLength });

/** A sequence of up to `maxLength` steps. */
export const sequence = (maxLength = 30) => fc.array(step, { minLength: 1, maxLength });

/** Two keys, and the commands that watch, change, expire, flush and count them: where WATCH and lazy expiry meet. */
const few = fc.constantFrom('a', 'b');
const expiryCommands = [
  command('SET', few, value),
  command('SET', few, value, fc.tuple(fc.constant('PXAT'), at('ms'))),
  command('GET', few),
  command('DEL', few),
  command('EXISTS', few),
  command('SETNX', few, value),
  command('INCR', few),
  command('LPUSH', few, value),
  command('RENAME', few, few),
  command('EXPIRE', few, fc.constantFrom('100', '-1')),
  command('PERSIST', few),
  command('WATCH', few),
  command('MULTI'),
  command('EXEC'),
  command('DISCARD'),
  command('UNWATCH'),
  command('KEYS', fc.constant('*')),
  command('DBSIZE'),
  command('FLUSHDB'),
  command('FLUSHALL'),
  command('SELECT', fc.constantFrom('0', '1')),
];
const expiryStep = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(0, 0, 1), fc.oneof(...expiryCommands)).map(([client, args]) => ({ client, args })) },
  { weight: 2, arbitrary: few.map((target) => ({ client: 0, expireSoon: target })) },
  { weight: 1, arbitrary: fc.constant({ client: 0, scan: null }) },
);

/** A sequence that dwells on WATCH, transactions and keys expiring. */
export const expirySequence = (maxLength = 25) => fc.array(expiryStep, { minLength: 1, maxLength });

/** Channels and patterns for pub/sub: a few names, one of them bytes that are not UTF-8. */
const channel = fc.constantFrom('a', 'b', 'ab', binaryKey);
const channelPattern = fc.constantFrom('a*', '*', '[ab]', '?');
const subscribing = fc.oneof(
  command('SUBSCRIBE', some(channel, 1, 2)),
  command('UNSUBSCRIBE', some(channel, 1, 2)),
  command('PSUBSCRIBE', some(channelPattern, 1, 2)),
  command('PUNSUBSCRIBE', some(channelPattern, 1, 2)),
  command('SSUBSCRIBE', some(channel, 1, 2)),
  command('SUNSUBSCRIBE', some(channel, 1, 2)),
);
/** The publishing and introspecting commands, run by a third connection that subscribes to nothing. */
const publishing = fc.oneof(
  command('PUBLISH', channel, value),
  command('SPUBLISH', channel, value),
  command('SPUBLISH', channel),
  command('PUBSUB', fc.constantFrom('CHANNELS', 'SHARDCHANNELS', 'channels', 'shardchannels'), fc.constantFrom([], ['*'], ['a*'], ['[ab]'], ['a', 'b'])),
  command('PUBSUB', fc.constantFrom('NUMSUB', 'SHARDNUMSUB', 'shardnumsub'), some(channel, 0, 3)),
  command('PUBSUB', fc.constantFrom('NUMPAT', 'HELP', 'Help', 'NOSUCH'), fc.constantFrom([], ['x'])),
  command('PUBSUB'),
);
const pubsubStep = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0, 1), subscribing).map(([client, pubsub]) => ({ client, pubsub })) },
  { weight: 3, arbitrary: publishing.map((args) => ({ client: 2, publish: args })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.oneof(command('PING'), command('GET', channel))).map(([client, args]) => ({ client, args })) },
);

/** A sequence of subscriptions of every kind on two connections, and what a third sees of them: PUBSUB, PUBLISH and SPUBLISH. */
export const pubsubSequence = (maxLength = 20) => fc.array(pubsubStep, { minLength: 1, maxLength });

/** A step as one line, for a failure's report. */
export function describeStep(item) {
  const show = (arg) => (Buffer.isBuffer(arg) ? `<${arg.toString('hex')}>` : typeof arg === 'object' ? `<${arg.at} ${arg.unit}>` : JSON.stringify(arg));
  if (item.expireSoon !== undefined) return `c0: PEXPIRE ${show(item.expireSoon)} 2, then 5 ms pass`;
  if (item.blockThenPush !== undefined) return `c0: ${item.blockThenPush.block.map(show).join(' ')} while c1: ${item.blockThenPush.push.map(show).join(' ')}`;
  if (item.pubsub !== undefined) return `c${item.client}: executePubsub ${item.pubsub.map(show).join(' ')}`;
  if (item.publish !== undefined) return `c2: ${item.publish.map(show).join(' ')}`;
  if (item.scan !== undefined) return `c${item.client}: SCAN to the end${item.scan === null ? '' : ` MATCH ${show(item.scan)}`}`;
  return `c${item.client}: ${item.args.map(show).join(' ')}`;
}

/** The sorted-set commands on two populated keys: every range form, bound and option, pops and removals. */
function sortedSetCommands() {
  const key = fc.constantFrom('z', 'y');
  const member = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'aa', '');
  const score = fc.constantFrom('1', '2', '2', '0', '-1', '1.5', 'inf', '-inf', '0.1', '1e20', '-0', '3');
  const sb = fc.constantFrom('-inf', '+inf', '1', '(1', '2', '(2', '0', '1.5', '(inf', '-1', '3', '');
  const lb = fc.constantFrom('-', '+', '[a', '(a', '[b', '(c', '[aa', '[', '(', '[e', '[d');
  const idx = fc.constantFrom('0', '1', '-1', '-2', '2', '5', '-10');
  const opt = fc.array(fc.oneof(fc.constant(['WITHSCORES']), fc.constant(['REV']), fc.constant(['BYSCORE']), fc.constant(['BYLEX']), fc.tuple(fc.constant('LIMIT'), fc.constantFrom('0', '1', '2', '-1'), fc.constantFrom('0', '1', '2', '-1', '5'))), { maxLength: 3 }).map((p) => p.flat());
  return fc.oneof(
    fc.tuple(key, fc.array(fc.constantFrom('NX', 'XX', 'GT', 'LT', 'CH', 'INCR'), { maxLength: 2 }), fc.array(fc.tuple(score, member), { minLength: 1, maxLength: 4 })).map(([k, f, p]) => ['ZADD', k, ...f, ...p.flat()]),
    fc.tuple(key, fc.oneof(idx, sb, lb), fc.oneof(idx, sb, lb), opt).map(([k, a, b, o]) => ['ZRANGE', k, a, b, ...o]),
    fc.tuple(key, sb, sb).map(([k, a, b]) => ['ZCOUNT', k, a, b]),
    fc.tuple(key, lb, lb).map(([k, a, b]) => ['ZLEXCOUNT', k, a, b]),
    fc.tuple(key, lb, lb).map(([k, a, b]) => ['ZREMRANGEBYLEX', k, a, b]),
    fc.tuple(key, sb, sb).map(([k, a, b]) => ['ZREMRANGEBYSCORE', k, a, b]),
    fc.tuple(key, idx, idx).map(([k, a, b]) => ['ZREMRANGEBYRANK', k, a, b]),
    fc.tuple(key, lb, lb, fc.constantFrom([], ['LIMIT', '1', '2'])).map(([k, a, b, l]) => ['ZREVRANGEBYLEX', k, a, b, ...l]),
    fc.tuple(key, sb, sb, fc.constantFrom([], ['WITHSCORES'])).map(([k, a, b, w]) => ['ZREVRANGEBYSCORE', k, a, b, ...w]),
    fc.tuple(key, member).map(([k, m]) => ['ZRANK', k, m]), fc.tuple(key, member).map(([k, m]) => ['ZREVRANK', k, m]),
    fc.tuple(key, score, member).map(([k, s, m]) => ['ZINCRBY', k, s, m]), fc.tuple(key, member).map(([k, m]) => ['ZSCORE', k, m]),
    fc.tuple(key, fc.constantFrom([], ['1'], ['2'], ['0'])).map(([k, c]) => ['ZPOPMIN', k, ...c]), fc.tuple(key, fc.constantFrom([], ['3'])).map(([k, c]) => ['ZPOPMAX', k, ...c]),
    fc.tuple(key, fc.constantFrom([], ['MATCH', '*a*'])).map(([k, m]) => ['ZSCAN', k, '0', ...m]),
    );
}

/** The list, string and hash commands that index, trim, move and add in place, on two populated keys of each type. */
function inPlaceCommands() {
  const key = fc.constantFrom('l', 'm');
  const v = fc.constantFrom('a', 'b', 'c', '', '1', '2.5', 'abc', '-1');
  const idx = fc.constantFrom('0', '1', '-1', '-2', '2', '5', '-10', '3');
  const inc = fc.constantFrom('0.1', '-0.1', '1', '2.5e-3', '1e10', '-3', '7');
  return fc.oneof(
    fc.tuple(fc.constantFrom('LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX'), key, fc.array(v, { minLength: 1, maxLength: 3 })).map(([c, k, vs]) => [c, k, ...vs]),
    fc.tuple(key, idx, idx).map(([k, a, b]) => ['LRANGE', k, a, b]),
    fc.tuple(key, idx, idx).map(([k, a, b]) => ['LTRIM', k, a, b]),
    fc.tuple(key, idx, v).map(([k, a, b]) => ['LREM', k, a, b]),
    fc.tuple(key, idx, v).map(([k, a, b]) => ['LSET', k, a, b]),
    fc.tuple(key, idx).map(([k, a]) => ['LINDEX', k, a]),
    fc.tuple(key, fc.constantFrom('BEFORE', 'AFTER'), v, v).map(([k, w, p, e]) => ['LINSERT', k, w, p, e]),
    fc.tuple(key, key, fc.constantFrom('LEFT', 'RIGHT'), fc.constantFrom('LEFT', 'RIGHT')).map(([a, b, c, d]) => ['LMOVE', a, b, c, d]),
    fc.tuple(fc.constantFrom('LPOP', 'RPOP'), key, fc.constantFrom([], ['1'], ['2'], ['0'], ['9'])).map(([c, k, n]) => [c, k, ...n]),
    fc.tuple(key, v).map(([k, x]) => ['APPEND', 's' + k, x]),
    fc.tuple(key, idx, idx).map(([k, a, b]) => ['GETRANGE', 's' + k, a, b]),
    fc.tuple(key, fc.constantFrom('0', '1', '4', '10'), v).map(([k, o, x]) => ['SETRANGE', 's' + k, o, x]),
    fc.tuple(key, inc).map(([k, x]) => ['INCRBYFLOAT', 'f' + k, x]),
    fc.tuple(key, fc.constantFrom('f', 'g'), inc).map(([k, f, x]) => ['HINCRBYFLOAT', 'h' + k, f, x]),
    fc.tuple(key, fc.constantFrom('f', 'g'), fc.constantFrom('1', '-2', '100')).map(([k, f, x]) => ['HINCRBY', 'h' + k, f, x]),
    fc.tuple(key).map(([k]) => ['HGETALL', 'h' + k]),
    fc.tuple(key, fc.constantFrom('f', 'g')).map(([k, f]) => ['HDEL', 'h' + k, f]),
    fc.tuple(key).map(([k]) => ['INCR', 'f' + k]),
    fc.tuple(key).map(([k]) => ['GET', 'f' + k]),
    );
}

/** A sequence of sorted-set commands on client 0. */
export const sortedSetSequence = (maxLength = 25) => fc.array(sortedSetCommands().map((args) => ({ client: 0, args })), { minLength: 1, maxLength });

/** A sequence of in-place list, string and hash commands on client 0. */
export const inPlaceSequence = (maxLength = 25) => fc.array(inPlaceCommands().map((args) => ({ client: 0, args })), { minLength: 1, maxLength });

const streamKeys = fc.constantFrom('s', 's', 's', 't');
const streamStep = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom(0, 0, 1), fc.oneof(...streamCommands(streamKeys))).map(([client, args]) => ({ client, args })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.oneof(command('SET', fc.constant('t'), value), command('DEL', streamKeys), command('TYPE', streamKeys), command('MULTI'), command('EXEC'), command('WATCH', streamKeys))).map(([client, args]) => ({ client, args })) },
  { weight: 5, arbitrary: streamBlockStep(streamKeys) },
);
/** Where each stream sequence starts: a stream with entries and a group, so that reads, claims and XINFO have something to show. */
const streamSetup = [
  ['XADD', 's', '1-0', 'f', 'v'],
  ['XADD', 's', '1-1', 'f', 'v', 'g', 'w'],
  ['XADD', 's', '2-0', 'g', 'x'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
].map((args) => ({ client: 0, args }));

/** A sequence of stream commands on two keys, from a stream with a group: consumer groups, claims and blocking reads among them. */
export const streamSequence = (maxLength = 30) => fc.array(streamStep, { minLength: 1, maxLength }).map((steps) => [...streamSetup, ...steps]);

/** Populated keys of each type the commands taken from ioredis-mock's list work on, and a missing one. */
const populated = fc.constantFrom('s1', 's2', 'h', 'l', 'z1', 'z2', 'bits', 'none');
const populatedSetup = [
  ['SADD', 's1', 'a', 'b', 'c', 'd'],
  ['SADD', 's2', 'c', 'd', 'e'],
  ['HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3'],
  ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', '1'],
  ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c', '-1', 'd'],
  ['ZADD', 'z2', '4', 'b', '5', 'c', 'inf', 'e'],
  ['SET', 'bits', 'foobar'],
].map((args) => ({ client: 0, args }));
const populatedValue = fc.constantFrom('a', 'b', 'c', '1', 'zz');
const populatedCommands = [
  command('GETBIT', populated, bitOffset),
  command('SETBIT', populated, bitOffset, fc.constantFrom('0', '1')),
  command('BITCOUNT', populated, fc.constantFrom([], ['0', '-1'], ['1', '2'], ['-2', '-1', 'BIT'], ['3', '20', 'BIT'], ['5', '30', 'bit'], ['0', '0', 'BYTE'], ['-1', '-3'])),
  command('SUBSTR', populated, index, index),
  command('LPOS', populated, populatedValue, options([fc.tuple(fc.constant('RANK'), fc.constantFrom('1', '2', '-1', '-2', '3')), fc.tuple(fc.constant('COUNT'), fc.constantFrom('0', '1', '2')), fc.tuple(fc.constant('MAXLEN'), fc.constantFrom('0', '1', '3'))], 3)),
  command('LMPOP', numkeys(populated, 2), fc.constantFrom('LEFT', 'right'), fc.constantFrom([], ['COUNT', '2'], ['COUNT', '9'])),
  named(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'], fc.constantFrom('s3', 's1', 'h'), some(populated, 1, 3)),
  command('SPOP', populated, fc.constantFrom(['10'], ['0'])),
  command('SRANDMEMBER', populated, fc.constantFrom([], ['2'], ['-3'], ['0'], ['10'], ['-10'])),
  command('HRANDFIELD', populated, fc.constantFrom([], ['2'], ['-5'], ['10'], ['2', 'WITHVALUES'], ['-4', 'withvalues'], ['9', 'WITHVALUES'])),
  named(['ZINTERSTORE', 'ZUNIONSTORE', 'ZDIFFSTORE'], fc.constantFrom('z3', 'z1'), numkeys(populated), options([fc.tuple(fc.constant('WEIGHTS'), some(fc.constantFrom('1', '2', '-1', 'inf', '0'), 1, 3)).map(([w, ws]) => [w, ...ws]), fc.tuple(fc.constant('AGGREGATE'), fc.constantFrom('SUM', 'min', 'MAX'))], 2)),
  named(['ZINTER', 'ZUNION', 'ZDIFF'], numkeys(populated), options([fc.tuple(fc.constant('AGGREGATE'), fc.constantFrom('SUM', 'min', 'MAX')), word('WITHSCORES')], 2)),
  command('ZRANGE', fc.constantFrom('z1', 'z3'), fc.constant('0'), fc.constant('-1'), fc.constant('WITHSCORES')),
  command('SMEMBERS', fc.constantFrom('s1', 's3')),
  command('RANDOMKEY'),
  command('DEL', populated),
];

/** A sequence of the commands taken from ioredis-mock's list on populated keys: bits, positions, multi-pops, stores and random members. */
export const populatedSequence = (maxLength = 20) => fc.array(fc.oneof(...populatedCommands).map((args) => ({ client: 0, args })), { minLength: 1, maxLength }).map((steps) => [...populatedSetup, ...steps]);
