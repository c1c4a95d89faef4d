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

/** A step of a sequence: a command on client 0 or 1, or a step of the harness's own (`scan`, `expireSoon`, `blockThenPush`). */
const step = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.oneof(...strings, ...keys, ...hashes, ...lists, ...sets, ...sortedSets, ...transactions, ...refusals, ...scripts)).map(([client, args]) => ({ client, args })) },
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

/** A step as one line, for a failure's report. */
export function describeStep(item) {
  const show = (arg) => (Buffer.isBuffer(arg) ? `<${arg.toString('hex')}>` : typeof arg === 'object' ? `<${arg.at} ${arg.unit}>` : JSON.stringify(arg));
  if (item.expireSoon !== undefined) return `c0: PEXPIRE ${show(item.expireSoon)} 2, then 5 ms pass`;
  if (item.blockThenPush !== undefined) return `c0: ${item.blockThenPush.block.map(show).join(' ')} while c1: ${item.blockThenPush.push.map(show).join(' ')}`;
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
