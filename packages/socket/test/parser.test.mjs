// The reply parser: any reply tree, encoded and cut at any points, decodes to the same value.
// SOCKET_FC_SEED and SOCKET_FC_RUNS replay another seed or run longer; a failure prints its seed.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { test } from 'node:test';
import fc from 'fast-check';
import { ErrorReply, HAS_ERROR, RespParser, RespProtocolError, UNDECODABLE } from 'aioredis-abc-socket';

const seed = process.env.SOCKET_FC_SEED === undefined ? 25 : Number(process.env.SOCKET_FC_SEED);
const numRuns = process.env.SOCKET_FC_RUNS === undefined ? 300 : Number(process.env.SOCKET_FC_RUNS);

/** Runs a property with the fixed seed, and says the seed when it fails. */
function check(property) {
  try {
    fc.assert(property, { seed, numRuns });
  } catch (error) {
    console.error(`failed with SOCKET_FC_SEED=${seed}`);
    throw error;
  }
}

/** Bytes without CR or LF: what a status line or an error line may hold. */
const lineBytes = fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 13 && byte !== 10)));
/** Bulk bytes: mostly text (ASCII or not), sometimes any bytes, sometimes long. */
const bulkBytes = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => Buffer.from(text)),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 100, max: 70_000 }).map((size) => Buffer.alloc(size, 'é')),
);

/** A reply tree: leaves and nested arrays, each node its RESP bytes and a function from an encoding to the value expected. */
const { reply } = fc.letrec((tie) => ({
  reply: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('array')),
  leaf: fc.oneof(
    lineBytes.map((bytes) => ({ kind: 'status', bytes })),
    lineBytes.map((bytes) => ({ kind: 'error', bytes })),
    bulkBytes.map((bytes) => ({ kind: 'bulk', bytes })),
    fc.maxSafeInteger().map((value) => ({ kind: 'integer', value })),
    fc.constant({ kind: 'null bulk' }),
    fc.constant({ kind: 'null array' }),
  ),
  array: fc.array(tie('reply'), { maxLength: 5 }).map((items) => ({ kind: 'array', items })),
}));

/** A reply's RESP bytes. */
function encode(node) {
  switch (node.kind) {
    case 'status':
      return Buffer.concat([Buffer.from('+'), node.bytes, Buffer.from('\r\n')]);
    case 'error':
      return Buffer.concat([Buffer.from('-'), node.bytes, Buffer.from('\r\n')]);
    case 'bulk':
      return Buffer.concat([Buffer.from(`$${node.bytes.length}\r\n`), node.bytes, Buffer.from('\r\n')]);
    case 'integer':
      return Buffer.from(`:${node.value}\r\n`);
    case 'null bulk':
      return Buffer.from('$-1\r\n');
    case 'null array':
      return Buffer.from('*-1\r\n');
    default:
      return Buffer.concat([Buffer.from(`*${node.items.length}\r\n`), ...node.items.map(encode)]);
  }
}

/** Bytes as the contract returns them in `encoding`, strictly: `undefined` stands for bytes that are not valid in it. */
function text(bytes, encoding) {
  if (encoding === null) return bytes;
  if (encoding === 'utf8' && !isUtf8(bytes)) return undefined;
  if (encoding === 'utf16le' && bytes.length % 2 !== 0) return undefined;
  return bytes.toString(encoding);
}

/** The value and flags the parser should give for a reply in `encoding`. */
function expected(node, encoding) {
  switch (node.kind) {
    case 'status':
    case 'bulk': {
      const value = text(node.bytes, encoding);
      return value === undefined ? { value: null, flags: UNDECODABLE } : { value, flags: 0 };
    }
    case 'error':
      return { value: new ErrorReply(node.bytes.toString('utf8')), flags: HAS_ERROR };
    case 'integer':
      return { value: node.value, flags: 0 };
    case 'null bulk':
    case 'null array':
      return { value: null, flags: 0 };
    default: {
      const items = node.items.map((item) => expected(item, encoding));
      return { value: items.map((item) => item.value), flags: items.reduce((flags, item) => flags | item.flags, 0) };
    }
  }
}

/** Cuts bytes at the given points (fractions of its length). */
function cut(bytes, points) {
  const offsets = [...new Set(points.map((point) => Math.floor(point * bytes.length)))].sort((a, b) => a - b);
  const chunks = [];
  let from = 0;
  for (const offset of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(from, offset));
    from = offset;
  }
  return chunks;
}

/** Everything the parser gives for the chunks, in `encoding`; push-aware, with every array's kind choosing that same encoding, when `pushAware`. */
function parse(chunks, encoding, pushAware = false) {
  const replies = [];
  const parser = new RespParser({ reply: (value, flags) => replies.push({ value, flags }), arrayKind: () => encoding });
  parser.encoding = encoding;
  parser.pushAware = pushAware;
  for (const chunk of chunks) parser.execute(chunk);
  assert.equal(parser.idle, true);
  return replies;
}

test('any sequence of reply trees, cut at any points, decodes to the same values in utf8, latin1, utf16le and bytes, push-aware or not', () => {
  const encoding = fc.constantFrom('utf8', 'latin1', 'utf16le', null);
  const points = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
  check(
    fc.property(fc.array(reply, { minLength: 1, maxLength: 4 }), points, encoding, fc.boolean(), (replies, at, chosen, pushAware) => {
      const bytes = Buffer.concat(replies.map(encode));
      assert.deepStrictEqual(parse(cut(bytes, at), chosen, pushAware), replies.map((node) => expected(node, chosen)));
    }),
  );
});

test('every cut of a reply that holds each kind of element gives the same reply', () => {
  const bytes = Buffer.from('*7\r\n+OK\r\n-ERR no\r\n:-12\r\n$4\r\nhé!\r\n$-1\r\n*-1\r\n*2\r\n*0\r\n$0\r\n\r\n');
  const whole = parse([bytes], 'utf8');
  assert.deepStrictEqual(whole, [{ value: ['OK', new ErrorReply('ERR no'), -12, 'hé!', null, null, [[], '']], flags: HAS_ERROR }]);
  for (let i = 0; i <= bytes.length; i += 1) {
    for (let j = i; j <= bytes.length; j += 1) assert.deepStrictEqual(parse([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)], 'utf8'), whole, `cut at ${i} and ${j}`);
  }
});

test('an error reply is an ErrorReply with its text, flagged', () => {
  assert.deepStrictEqual(parse([Buffer.from('-WRONGTYPE Operation against a key\r\n')], 'utf8'), [{ value: new ErrorReply('WRONGTYPE Operation against a key'), flags: HAS_ERROR }]);
});

test('bytes that are not valid in the encoding are flagged, strictly: utf8, ascii, utf16le', () => {
  const reply = (encoding, bytes) => parse([Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), Buffer.from(bytes), Buffer.from('\r\n')])], encoding)[0];
  assert.deepStrictEqual(reply('utf8', [0xff]), { value: null, flags: UNDECODABLE });
  assert.deepStrictEqual(reply('ascii', [0x80]), { value: null, flags: UNDECODABLE });
  assert.deepStrictEqual(reply('utf16le', [0x61]), { value: null, flags: UNDECODABLE });
  assert.deepStrictEqual(reply('utf16le', [0x61, 0x00]), { value: 'a', flags: 0 });
  assert.deepStrictEqual(reply('utf8', [0xef, 0xbf, 0xbd]), { value: '\uFFFD', flags: 0 });
});

test('a push-aware parser decodes the rest of an array in the encoding its first element chooses', () => {
  const replies = [];
  const parser = new RespParser({ reply: (value) => replies.push(value), arrayKind: (kind) => (kind === 'message' ? null : 'utf8') });
  parser.pushAware = true;
  parser.execute(Buffer.from('*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n'));
  assert.deepStrictEqual(replies, [[Buffer.from('message'), Buffer.from('ch'), Buffer.from('hi')], ['pong', '']]);
});

test('bytes that are not RESP2 throw a RespProtocolError', () => {
  assert.throws(() => parse([Buffer.from('?what\r\n')], 'utf8'), RespProtocolError);
});
