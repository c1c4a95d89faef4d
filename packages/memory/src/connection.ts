import type { ChannelName, Encoding, PubsubKind } from 'aioredis-abc';
import { ClientConnection, keyOf, ReplyError, type ErrorKind, type WireArg } from 'aioredis-abc-kit';
import { databases, type MemoryConnectOptions, type MemoryServer } from './server.js';

/** An argument as the bytes Redis would receive. */
function toBytes(arg: WireArg | ChannelName): Buffer {
  if (typeof arg === 'number') return Buffer.from(String(arg));
  return typeof arg === 'string' ? Buffer.from(arg) : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
}

/** A Redis glob pattern (`*`, `?`, `[...]`, `\` escapes) as a regular expression over latin1 text, one character a byte. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern.charAt(i);
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else if (char === '\\' && i + 1 < pattern.length) source += `\\x${pattern.charCodeAt((i += 1)).toString(16).padStart(2, '0')}`;
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/[\]\\]/g, '\\$&');
        source += `[${body}]`;
        i = end;
      }
    } else source += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return new RegExp(`^${source}$`);
}

/** A reply before decoding: bytes for strings, as Redis sends them. */
type RawReply = Buffer | number | null | RawReply[];

/**
 * An in-memory connection: a test double for code that takes an
 * `AbcConnection`. It is the kit's `ClientConnection` over a client that is a
 * `MemoryServer`, which its sibling connections share: it knows PING, ECHO,
 * GET, SET, DEL, INCR, INCRBY, SELECT, PUBLISH, MULTI, EXEC and DISCARD, and
 * the whole pub/sub contract. It answers every command at once.
 */
export class MemoryConnection<E extends Encoding = 'utf-8'> extends ClientConnection<E> {
  /** An in-memory server has no address. */
  declare readonly address: null;
  readonly #server: MemoryServer;
  /** Each subscribed pattern's matcher, by the pattern's key. */
  readonly #matchers = new Map<string, { readonly name: Buffer; readonly matcher: RegExp }>();
  #queued: (() => RawReply)[] | null = null;
  /** The database its commands run on, changed by `SELECT` in order with them. */
  #database: number;

  /** Checks a database index as the options do: a `TypeError` for what is not one. */
  static checkDb(db: number): void {
    if (!Number.isInteger(db) || db < 0) throw new TypeError(`db must be a non-negative integer, not ${String(db)}`);
  }

  constructor(server: MemoryServer, options: MemoryConnectOptions<E>) {
    MemoryConnection.checkDb(options.db ?? 0);
    if ((options.db ?? 0) >= databases) throw new ReplyError('ERR DB index is out of range');
    super(options, null);
    this.#server = server;
    this.#database = options.db ?? 0;
  }

  protected async send(command: string, args: WireArg[]): Promise<RawReply> {
    const bytes = args.map(toBytes);
    if (this.#queued !== null && !['EXEC', 'DISCARD', 'MULTI'].includes(command)) {
      this.#check(command, bytes);
      this.#queued.push(() => this.#run(command, bytes));
      return Buffer.from('QUEUED');
    }
    return this.#run(command, bytes);
  }

  /** Refuses, as Redis does when queueing, a command it does not know or with too few arguments. */
  #check(name: string, args: readonly Buffer[]): void {
    const arity: Readonly<Record<string, number>> = { PING: 0, ECHO: 1, GET: 1, SET: 2, DEL: 1, INCR: 1, INCRBY: 2, SELECT: 1, PUBLISH: 2 };
    const least = arity[name];
    if (least === undefined) throw new ReplyError(`ERR unknown command '${name}', with args beginning with: ${args.slice(0, 3).map(String).join(' ')}`);
    if (args.length < least) throw new ReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
  }

  #run(name: string, args: Buffer[]): RawReply {
    if (name !== 'MULTI' && name !== 'EXEC' && name !== 'DISCARD') this.#check(name, args);
    const store = this.#server.database(this.#database);
    const [first = Buffer.alloc(0), second = Buffer.alloc(0)] = args;
    const key = first.toString('latin1');
    switch (name) {
      case 'PING':
        return this.inPubsub > 0 ? [Buffer.from('pong'), first] : args.length > 0 ? first : Buffer.from('PONG');
      case 'ECHO':
        return first;
      case 'GET':
        return store.get(key) ?? null;
      case 'SET':
        store.set(key, second);
        return Buffer.from('OK');
      case 'DEL':
        return args.filter((arg) => store.delete(arg.toString('latin1'))).length;
      case 'INCR':
      case 'INCRBY': {
        const current = Number((store.get(key) ?? Buffer.from('0')).toString());
        const by = name === 'INCR' ? 1 : Number(second.toString());
        if (!Number.isSafeInteger(current) || !Number.isSafeInteger(by)) throw new ReplyError('ERR value is not an integer or out of range');
        store.set(key, Buffer.from(String(current + by)));
        return current + by;
      }
      case 'SELECT': {
        const db = Number(first.toString());
        if (!/^\d+$/.test(first.toString())) throw new ReplyError('ERR value is not an integer or out of range');
        if (db >= databases) throw new ReplyError('ERR DB index is out of range');
        this.#database = db;
        return Buffer.from('OK');
      }
      case 'PUBLISH':
        return this.#server.publish(first, second);
      case 'MULTI':
        if (this.#queued !== null) throw new ReplyError('ERR MULTI calls can not be nested');
        this.#queued = [];
        return Buffer.from('OK');
      case 'DISCARD':
      case 'EXEC': {
        const queued = this.#queued;
        this.#queued = null;
        if (queued === null) throw new ReplyError(`ERR ${name} without MULTI`);
        return name === 'DISCARD' ? Buffer.from('OK') : queued.map((run) => run());
      }
      default:
        throw new ReplyError(`ERR unknown command '${name}'`);
    }
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    if (kind !== 'psubscribe') return;
    for (const name of names) this.#matchers.set(keyOf(name), { name: toBytes(name), matcher: globToRegExp(toBytes(name).toString('latin1')) });
  }

  protected classify(): ErrorKind {
    return 'other';
  }

  protected disconnect(): void {
    this.#queued = null;
    this.#matchers.clear();
    this.#server.disconnect(this);
    this.ended();
  }

  /** The server calls this for each published message; returns how many of this connection's subscriptions took it. */
  deliver(channel: Buffer, message: Buffer): number {
    let taken = 0;
    if (this.pubsubChannels.has(keyOf(channel))) {
      this.receive(channel, message);
      taken += 1;
    }
    const text = channel.toString('latin1');
    for (const [key, { name, matcher }] of this.#matchers) {
      if (!this.pubsubPatterns.has(key)) {
        this.#matchers.delete(key);
      } else if (matcher.test(text)) {
        this.receivePattern(name, channel, message);
        taken += 1;
      }
    }
    return taken;
  }
}
