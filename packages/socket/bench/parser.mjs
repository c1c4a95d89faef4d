// node packages/socket/bench/parser.mjs: replies parsed per second by this package's RespParser and by
// redis-parser (the parser ioredis uses), on the bench's workloads, each a stream of replies cut into
// chunks at random boundaries (the same cuts for both). It prints numbers; it tests nothing.
//
// In the `text` rows both decode bulk and status strings to UTF-8: redis-parser as it does by default
// (loosely: bytes that are not UTF-8 become U+FFFD), and redis-parser keeping bytes that are then decoded
// strictly, as the contract decodes and as a connection on it would have to; RespParser decodes strictly.
// In the `bytes` rows both keep them as bytes (`returnBuffers`, what ioredis asks for). Three rounds, the
// two parsers interleaved and their order reversed every round; a rate is the median of the rounds.
// Knobs: PARSER_BENCH_MS, the milliseconds a measurement lasts (200); PARSER_BENCH_ROUNDS (3).
import { performance } from 'node:perf_hooks';
import RedisParser from 'redis-parser';
import { decodeText, RespParser } from 'aioredis-abc-socket';
import { positiveInteger } from '../../../bench/knobs.mjs';

const MS = positiveInteger('PARSER_BENCH_MS', 200);
const ROUNDS = positiveInteger('PARSER_BENCH_ROUNDS', 3);

/** A small seeded generator (mulberry32), so that every run cuts the same chunks. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bulk = (text) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
const array = (items) => `*${items.length}\r\n${items.join('')}`;
const repeat = (count, make) => Array.from({ length: count }, (_, i) => make(i)).join('');

/** The workloads: a name, the replies' bytes, how many replies they hold. */
const workloads = [
  { name: 'small: +OK, GET of 3 bytes, :integer', count: 30_000, bytes: repeat(10_000, (i) => `+OK\r\n${bulk('xxx')}:${i}\r\n`) },
  { name: 'GET of 100 KB', count: 40, bytes: repeat(40, () => bulk('v'.repeat(100 * 1024))) },
  { name: 'LRANGE of 100 (10-byte items)', count: 500, bytes: repeat(500, () => array(Array.from({ length: 100 }, (_, j) => bulk(`item:${String(j).padStart(5, '0')}`)))) },
  { name: 'LRANGE of 1000 (10-byte items)', count: 50, bytes: repeat(50, () => array(Array.from({ length: 1000 }, (_, j) => bulk(`item:${String(j).padStart(5, '0')}`)))) },
  { name: 'HGETALL of 50 fields (text and numbers)', count: 1000, bytes: repeat(1000, () => array(Array.from({ length: 100 }, (_, j) => bulk(j % 2 === 0 ? `field-${j}` : `value é ${j * 7919}`)))) },
];

/** The stream cut into chunks of 1 to 64 KiB bytes at random, as a socket might deliver it. */
function chunked(text, next) {
  const buffer = Buffer.from(text);
  const chunks = [];
  for (let at = 0; at < buffer.length; ) {
    const size = 1 + Math.floor(next() * 65536);
    chunks.push(buffer.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** The two parsers, each a function from a mode to a `feed(chunk)` and a count of the replies it gave. */
const parsers = {
  'aioredis-abc-socket': (bytes) => {
    const sink = { replies: 0, last: null, reply(value) { sink.replies += 1; sink.last = value; }, arrayKind: () => null };
    const parser = new RespParser(sink);
    parser.encoding = bytes ? null : 'utf8';
    return { sink, feed: (chunk) => parser.execute(chunk) };
  },
  'redis-parser': (bytes) => {
    const sink = { replies: 0, last: null };
    const parser = new RedisParser({
      returnBuffers: bytes,
      returnReply(value) { sink.replies += 1; sink.last = value; },
      returnError(error) { throw error; },
    });
    return { sink, feed: (chunk) => parser.execute(chunk) };
  },
  'redis-parser, bytes decoded strictly': (bytes) => {
    const sink = { replies: 0, last: null };
    const parser = new RedisParser({
      returnBuffers: true,
      returnReply(value) { sink.replies += 1; sink.last = bytes ? value : strictly(value); },
      returnError(error) { throw error; },
    });
    return { sink, feed: (chunk) => parser.execute(chunk) };
  },
};

/**
 * A reply of redis-parser's bytes decoded as the contract decodes, strictly
 * (what a connection on redis-parser would do after it): bulk and status
 * strings to UTF-8, a `TypeError` for bytes that are not UTF-8.
 */
function strictly(value) {
  if (Buffer.isBuffer(value)) {
    const text = decodeText(value, 0, value.length, 'utf8');
    if (text === null) throw new TypeError('not UTF-8');
    return text;
  }
  return Array.isArray(value) ? value.map(strictly) : value;
}

/** Replies per second of one parser on one workload for about `MS` ms, whole streams at a time. */
function rate(make, bytes, workload, chunks) {
  const { sink, feed } = make(bytes);
  let streams = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (const chunk of chunks) feed(chunk);
    streams += 1;
    now = performance.now();
  }
  if (sink.replies !== streams * workload.count) throw new Error(`${workload.name}: ${sink.replies} replies, not ${streams * workload.count}`);
  return sink.replies / ((now - start) / 1000);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const next = random(25);
const cases = workloads.flatMap((workload) => [false, true].map((bytes) => ({ workload, bytes, chunks: chunked(workload.bytes, next) })));
const names = Object.keys(parsers);
/** The third parser differs from redis-parser in the text rows only. */
const STRICT = names[2];
const rates = cases.map(() => Object.fromEntries(names.map((name) => [name, []])));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [i, { workload, bytes, chunks }] of cases.entries()) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      if (!(bytes && name === STRICT)) rates[i][name].push(rate(parsers[name], bytes, workload, chunks));
    }
  }
  console.error(`round ${round + 1}/${ROUNDS} done`);
}
console.log(`Node.js ${process.version}, replies per second (median of ${ROUNDS} rounds of ${MS} ms), chunks of 1 B to 64 KiB cut at random:\n`);
const cell = (value) => Math.round(value).toLocaleString('en-US');
console.log(`| workload | strings as | ${names.join(' | ')} | ratio to redis-parser | ratio to redis-parser decoded strictly |`);
console.log(`|---|---|${names.map(() => '---:').join('|')}|---:|---:|`);
for (const [i, { workload, bytes }] of cases.entries()) {
  const [ours, theirs, strict] = names.map((name) => median(rates[i][name]));
  const third = bytes ? '(same as redis-parser)' : cell(strict);
  console.log(`| ${workload.name} | ${bytes ? 'bytes' : 'text'} | ${cell(ours)} | ${cell(theirs)} | ${third} | ${(ours / theirs).toFixed(2)} | ${bytes ? '' : (ours / strict).toFixed(2)} |`);
}
