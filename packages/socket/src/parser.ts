// A RESP2 reply parser that decodes each reply once, straight into the value the contract returns.
import { byteText, decodeText, isAsciiRange } from './text.js';

/**
 * A reply as the parser gives it: text in the reply's encoding (or bytes when
 * the encoding is `null`), an integer, `null`, an array of replies, or an
 * error reply.
 */
export type ParsedReply = string | Buffer | number | null | ErrorReply | ParsedReply[];

/**
 * An error reply (`-ERR …`) as a value: the caller turns it into the kit's
 * `ReplyError`. It is the one object the parser makes that is not the reply's
 * own value, and only for error replies.
 */
export class ErrorReply {
  /** The error's text without its leading `-`, decoded as UTF-8. */
  readonly message: string;

  /** An error reply with this text. */
  constructor(message: string) {
    this.message = message;
  }
}

/** What `RespParser` hands each whole reply to, with flags saying what the reply holds. */
export interface ReplySink {
  /**
   * Takes one whole reply. `flags` is 0 for a plain reply; it has
   * `HAS_ERROR` when the reply is or holds an `ErrorReply`, and `UNDECODABLE`
   * when some string of it was not valid in its encoding (that string is then
   * `null` in the value).
   */
  reply(value: ParsedReply, flags: number): void;
  /**
   * Called, when the parser's `pushAware` is set, with the first element of a
   * top-level array that is a bulk string, as latin1 text: returns the
   * encoding to decode the rest of that array with (a pub/sub message's
   * payload in the push encoding, a `PING` reply in the command's own).
   */
  arrayKind(kind: string): BufferEncoding | null;
}

/** `flags` bit: the reply is or holds an `ErrorReply`. */
export const HAS_ERROR = 1;
/** `flags` bit: a string of the reply was not valid in its encoding. */
export const UNDECODABLE = 2;

const CR = 13;
const MINUS = 45;
/** The longest bulk string of text gathered in the parser's scratch buffer: a connection keeps that much memory once it has read one this long. */
const SCRATCH_MAX = 256 * 1024;

/** The encodings in which ASCII bytes read as themselves. */
const asciiCompatible: ReadonlySet<BufferEncoding> = new Set<BufferEncoding>(['utf8', 'utf-8', 'latin1', 'binary', 'ascii']);

/** Thrown when the bytes are not RESP2: the connection cannot read on after it. */
export class RespProtocolError extends Error {
  /** The class's name, as errors name themselves. */
  override readonly name = 'RespProtocolError';
}

/**
 * Parses RESP2 replies from chunks as they come, across any chunk boundary,
 * and hands each whole reply to a `ReplySink`.
 *
 * A reply is decoded once into its value: no intermediate objects, one array
 * per RESP array, nested arrays kept on a stack of the parser's own (two
 * arrays it reuses). A line cut by a chunk boundary is joined with its end in
 * the next chunk, that line alone copied; a bulk string cut by one is copied,
 * chunk by chunk, into one buffer of its size, then decoded once.
 */
export class RespParser {
  /**
   * The encoding of the next reply to start: a Node `BufferEncoding`, or
   * `null` for bytes. The owner keeps it current (the encoding of the oldest
   * pending command); it is read once per top-level reply.
   */
  encoding: BufferEncoding | null = 'utf8';
  /** Whether a top-level array's first element goes to `sink.arrayKind()` to choose the encoding of the rest: set in pub/sub mode. */
  pushAware = false;

  /** Where whole replies go. */
  readonly #sink: ReplySink;
  /** The encoding of the reply being parsed. */
  #replyEncoding: BufferEncoding | null = 'utf8';
  /** The flags of the reply being parsed. */
  #flags = 0;
  /** The arrays being filled, outermost first; `#depth` of them are live. */
  readonly #arrays: ParsedReply[][] = [];
  /** How many elements each array of `#arrays` holds so far. */
  readonly #filled: number[] = [];
  /** How many arrays are being filled. */
  #depth = 0;
  /** Whether the next element is the first of a top-level array whose kind `pushAware` asks about. */
  #kindNext = false;
  /** The unread bytes of a line cut by the end of the last chunk, or `null`. */
  #rest: Buffer | null = null;
  /** A bulk string cut by a chunk boundary, with room for its CRLF, or `null`. */
  #bulk: Buffer | null = null;
  /** Where the line `#integer()` read ends: the offset after its CRLF, or -1 when it was cut. */
  #next = 0;
  /** The buffer cut bulk strings of text are gathered in: see `#bulkBuffer()`. */
  #scratch: Buffer = Buffer.alloc(0);
  /** How many bytes of `#bulk` have come. */
  #bulkFilled = 0;

  /** A parser that hands whole replies to `sink`. */
  constructor(sink: ReplySink) {
    this.#sink = sink;
  }

  /** Whether the parser is between replies: nothing of a reply is pending. */
  get idle(): boolean {
    return this.#depth === 0 && this.#rest === null && this.#bulk === null;
  }

  /** Forgets any partial reply: after a connection is lost, the next bytes start afresh. */
  reset(): void {
    this.#arrays.length = 0;
    this.#filled.length = 0;
    this.#depth = 0;
    this.#rest = null;
    this.#bulk = null;
    this.#kindNext = false;
  }

  /** Parses a chunk, handing every reply it completes to the sink; throws `RespProtocolError` on bytes that are not RESP2. */
  execute(chunk: Buffer): void {
    let offset = 0;
    if (this.#rest !== null) {
      offset = this.#finishLine(chunk);
      if (offset < 0) return;
    }
    if (this.#bulk !== null) {
      offset = this.#fillBulk(chunk, offset);
      if (offset < 0) return;
    }
    this.#parse(chunk, offset);
  }

  /**
   * Joins the line cut at the end of the last chunk with its end in `chunk`,
   * copying only that line, and parses it; returns the offset in `chunk`
   * after it, or -1 when `chunk` does not end it either.
   */
  #finishLine(chunk: Buffer): number {
    const rest = this.#rest as Buffer;
    const lf = chunk.indexOf(10);
    if (lf < 0) {
      this.#rest = Buffer.concat([rest, chunk]);
      return -1;
    }
    this.#rest = null;
    this.#element(Buffer.concat([rest, chunk.subarray(0, lf + 1)]), 0);
    return lf + 1;
  }

  /** Parses replies from `buf` at `offset` to its end, keeping what is cut at the end. */
  #parse(buf: Buffer, start: number): void {
    const length = buf.length;
    let offset = start;
    while (offset < length) {
      const next = this.#element(buf, offset);
      if (next < 0) {
        if (next === -1) this.#rest = buf.subarray(offset);
        return;
      }
      offset = next;
    }
  }

  /**
   * Parses one element at `offset` and places it; returns the offset after
   * it, -1 when the chunk ends inside a line, or -2 when it ends inside a bulk
   * string (then kept in `#bulk`).
   */
  #element(buf: Buffer, offset: number): number {
    if (this.#depth === 0) {
      this.#replyEncoding = this.encoding;
      this.#flags = 0;
    }
    const type = buf[offset];
    if (type === 36 || type === 42 || type === 58) {
      const value = this.#integer(buf, offset + 1);
      const next = this.#next;
      if (next < 0) return -1;
      if (type === 36) return this.#bulkString(buf, next, value);
      if (type === 42) this.#array(value);
      else this.#place(value);
      return next;
    }
    const end = lineEnd(buf, offset + 1);
    if (end < 0) return -1;
    if (type === 43) this.#place(this.#text(buf, offset + 1, end));
    else if (type === MINUS) this.#error(buf.utf8Slice(offset + 1, end));
    else throw new RespProtocolError(`not a RESP2 reply: a line starting with byte ${String(type)}`);
    return end + 2;
  }

  /** Places an error reply. */
  #error(message: string): void {
    this.#flags |= HAS_ERROR;
    this.#place(new ErrorReply(message));
  }

  /**
   * The decimal integer (maybe negative) at `start`, ending with CRLF; sets
   * `#next` to the offset after the CRLF, or to -1 when the chunk ends first.
   */
  #integer(buf: Buffer, start: number): number {
    const last = buf.length - 1;
    let i = start;
    const negative = buf[i] === MINUS;
    if (negative) i += 1;
    let value = 0;
    for (; i < last; i += 1) {
      const byte = buf[i] as number;
      if (byte === CR) {
        this.#next = i + 2;
        return negative ? -value : value;
      }
      value = value * 10 + (byte - 48);
    }
    this.#next = -1;
    return 0;
  }

  /** A bulk string of `size` bytes from `start`: placed when whole in `buf`, else started in `#bulk`. */
  #bulkString(buf: Buffer, start: number, size: number): number {
    if (size < 0) {
      this.#place(null);
      return start;
    }
    const after = start + size + 2;
    if (after <= buf.length) {
      this.#place(this.#text(buf, start, start + size));
      return after;
    }
    const bulk = this.#bulkBuffer(size + 2);
    this.#bulkFilled = buf.copy(bulk, 0, start);
    this.#bulk = bulk;
    return -2;
  }

  /**
   * Room for a cut bulk string of `size` bytes with its CRLF: for text up to
   * `SCRATCH_MAX`, the parser's own scratch buffer, reused since the text is
   * decoded out of it; for bytes, or longer text, a buffer of its own.
   */
  #bulkBuffer(size: number): Buffer {
    if (this.#replyEncoding === null || this.#kindNext || size > SCRATCH_MAX) return Buffer.allocUnsafe(size);
    if (this.#scratch.length < size) this.#scratch = Buffer.allocUnsafe(Math.max(size, this.#scratch.length * 2));
    return this.#scratch.subarray(0, size);
  }

  /** Copies the next bytes of a cut bulk string from `chunk` at `offset`; returns the offset after it, or -1 when it needs more. */
  #fillBulk(chunk: Buffer, offset: number): number {
    const bulk = this.#bulk as Buffer;
    const copied = chunk.copy(bulk, this.#bulkFilled, offset);
    this.#bulkFilled += copied;
    if (this.#bulkFilled < bulk.length) return -1;
    this.#bulk = null;
    this.#place(this.#text(bulk, 0, bulk.length - 2));
    return offset + copied;
  }

  /** Starts an array of `count` elements, or places `null` or `[]`. */
  #array(count: number): void {
    if (count <= 0) {
      this.#place(count < 0 ? null : []);
      return;
    }
    this.#kindNext = this.#depth === 0 && this.pushAware;
    this.#arrays[this.#depth] = new Array<ParsedReply>(count);
    this.#filled[this.#depth] = 0;
    this.#depth += 1;
  }

  /** Puts a value where it belongs: into the innermost array (closing the arrays it fills), or to the sink. */
  #place(element: ParsedReply): void {
    let value = element;
    this.#kindNext = false;
    while (this.#depth > 0) {
      const level = this.#depth - 1;
      const array = this.#arrays[level] as ParsedReply[];
      const index = this.#filled[level] as number;
      array[index] = value;
      if (index + 1 < array.length) {
        this.#filled[level] = index + 1;
        return;
      }
      this.#depth = level;
      value = array;
    }
    this.#sink.reply(value, this.#flags);
  }

  /** The string from `start` to `end`, in the reply's encoding; the first element of a push-aware array chooses the encoding of the rest. */
  #text(buf: Buffer, start: number, end: number): string | Buffer | null {
    if (this.#kindNext) return this.#kind(buf, start, end);
    const encoding = this.#replyEncoding;
    if (encoding === null) return bytesOf(buf, start, end);
    return this.#decoded(buf, start, end, encoding);
  }

  /**
   * The first element of a top-level array in pub/sub mode: its kind (read as
   * latin1, a character per byte), which chooses the encoding of the rest and
   * of itself (ASCII, as every kind is, reads the same in UTF-8 and latin1).
   */
  #kind(buf: Buffer, start: number, end: number): string | Buffer | null {
    this.#kindNext = false;
    const kind = byteText(buf, start, end);
    const encoding = this.#sink.arrayKind(kind);
    this.#replyEncoding = encoding;
    if (encoding === null) return bytesOf(buf, start, end);
    return asciiCompatible.has(encoding) && isAsciiRange(buf, start, end) ? kind : this.#decoded(buf, start, end, encoding);
  }

  /** Bytes decoded strictly: `null` and the `UNDECODABLE` flag when they are not valid in `encoding`. */
  #decoded(buf: Buffer, start: number, end: number, encoding: BufferEncoding): string | null {
    const text = decodeText(buf, start, end, encoding);
    if (text === null) this.#flags |= UNDECODABLE;
    return text;
  }
}

/**
 * The bytes from `start` to `end`, sharing the chunk's memory as Node's own
 * readers do: a value kept keeps its chunk (at most 64 KiB) alive.
 */
function bytesOf(buf: Buffer, start: number, end: number): Buffer {
  return buf.subarray(start, end);
}

/** The offset of the CR that ends the line at `start`, or -1 when the chunk ends before its CRLF. */
function lineEnd(buf: Buffer, start: number): number {
  const last = buf.length - 1;
  for (let i = start; i < last; i += 1) if (buf[i] === CR) return i;
  return -1;
}
