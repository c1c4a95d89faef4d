// Commands as RESP arrays of bulk strings, written into one buffer that a tick's commands share.

/** One argument of a command: text (sent as UTF-8), bytes, or a number (sent as its decimal text). */
export type CommandArg = string | Uint8Array | number;

/** The most bytes a header (`*N\r\n` or `$N\r\n`) takes: a type byte, 16 digits, CRLF. */
const HEADER_ROOM = 19;
/** The room a fresh batch starts with; it grows by doubling, and keeps the size it grew to. */
const FIRST_ROOM = 1024;
/** The most room a fresh batch starts with after a long one was handed over: a burst does not keep its size. */
const KEPT_ROOM = 64 * 1024;
/** Batches this long or shorter are copied out (into Node's buffer pool) so the batch buffer is reused; longer ones are handed over whole. */
const COPY_OUT = 4 * 1024;
/** Strings up to this length are written byte by byte in JavaScript when they are ASCII. */
const SHORT_STRING = 64;

/**
 * Encodes commands as RESP arrays of bulk strings into one growing buffer:
 * every command of a tick goes into the same batch, which `take()` hands out
 * as one `Buffer` to write.
 */
export class CommandEncoder {
  /** The batch being written. */
  #buf: Buffer = Buffer.allocUnsafe(FIRST_ROOM);
  /** How many bytes of `#buf` are written. */
  #length = 0;

  /** How many bytes wait in the batch. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends one command. A `TypeError`, and nothing appended, for a command
   * without a name (the server would answer nothing, and every later reply
   * would go to the wrong command) or an argument that is neither text, bytes
   * nor a number.
   */
  push(args: readonly CommandArg[]): void {
    if (args.length === 0) throw new TypeError('a command needs at least its name');
    const mark = this.#length;
    try {
      this.#header(42, args.length);
      for (const arg of args) this.#arg(arg);
    } catch (error) {
      this.#length = mark;
      throw error;
    }
  }

  /** Appends the command `name` with `args`, as `push([name, ...args])` does. */
  pushCommand(name: string, args: readonly CommandArg[]): void {
    const mark = this.#length;
    try {
      this.#header(42, args.length + 1);
      this.#string(name);
      for (const arg of args) this.#arg(arg);
    } catch (error) {
      this.#length = mark;
      throw error;
    }
  }

  /** The batch as one `Buffer`, and a fresh batch begun; an empty `Buffer` when nothing waits. */
  take(): Buffer {
    const length = this.#length;
    this.#length = 0;
    if (length <= COPY_OUT) {
      const out = Buffer.allocUnsafe(length);
      this.#buf.copy(out, 0, 0, length);
      return out;
    }
    const out = this.#buf.subarray(0, length);
    this.#buf = Buffer.allocUnsafe(Math.min(this.#buf.length, KEPT_ROOM));
    return out;
  }

  /** Appends one argument as a bulk string. */
  #arg(arg: CommandArg): void {
    if (typeof arg === 'string') this.#string(arg);
    else if (typeof arg === 'number') this.#string(String(arg));
    else if (arg instanceof Uint8Array) this.#bytes(arg);
    else throw new TypeError(`a command argument must be a string, bytes or a number, not ${arg === null ? 'null' : typeof arg}`);
  }

  /** Appends a string as UTF-8: short ASCII ones byte by byte, the others through Node's encoder. */
  #string(text: string): void {
    const length = text.length;
    if (length <= SHORT_STRING) {
      this.#room(HEADER_ROOM + length + 2);
      const mark = this.#length;
      this.#header(36, length);
      const buf = this.#buf;
      let at = this.#length;
      let i = 0;
      for (; i < length; i += 1) {
        const code = text.charCodeAt(i);
        if (code > 0x7f) break;
        buf[at + i] = code;
      }
      if (i === length) {
        at += length;
        buf[at] = 13;
        buf[at + 1] = 10;
        this.#length = at + 2;
        return;
      }
      this.#length = mark;
    }
    const size = Buffer.byteLength(text);
    this.#room(HEADER_ROOM + size + 2);
    this.#header(36, size);
    this.#length += this.#buf.write(text, this.#length, size, 'utf8');
    this.#crlf();
  }

  /** Appends bytes as they are. */
  #bytes(bytes: Uint8Array): void {
    this.#room(HEADER_ROOM + bytes.length + 2);
    this.#header(36, bytes.length);
    this.#buf.set(bytes, this.#length);
    this.#length += bytes.length;
    this.#crlf();
  }

  /** Appends a header: the type byte, the count in decimal, CRLF. */
  #header(type: number, count: number): void {
    this.#room(HEADER_ROOM);
    const buf = this.#buf;
    let at = this.#length;
    buf[at] = type;
    at += 1;
    if (count < 10) {
      buf[at] = 48 + count;
      at += 1;
    } else {
      at += buf.write(String(count), at, 'latin1');
    }
    buf[at] = 13;
    buf[at + 1] = 10;
    this.#length = at + 2;
  }

  /** Appends CRLF. */
  #crlf(): void {
    this.#buf[this.#length] = 13;
    this.#buf[this.#length + 1] = 10;
    this.#length += 2;
  }

  /** Makes sure `size` more bytes fit, moving the batch to a buffer twice as large (or more) when they do not. */
  #room(size: number): void {
    const needed = this.#length + size;
    if (needed <= this.#buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#buf.length * 2));
    this.#buf.copy(grown, 0, 0, this.#length);
    this.#buf = grown;
  }
}
