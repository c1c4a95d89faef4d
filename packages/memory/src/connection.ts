import type {
  AbcConnection,
  ChannelName,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  PubsubCommand,
  PubsubConfirmation,
  PubsubTargets,
  Reply,
} from 'aioredis-abc';
import {
  bufferEncoding,
  checkExecutable,
  checkTargets,
  ConnectionForcedCloseError,
  isChannelName,
  isUnsubscribe,
  keyOf,
  pubsubDictionary,
  pubsubKind,
  ReplyError,
  splitCommand,
  Subscriptions,
  type Target,
} from 'aioredis-abc-kit';
import { databases, type MemoryConnectOptions, type MemoryServer } from './server.js';


/** An argument as the bytes Redis would receive. */
function toBytes(arg: CommandArg): Buffer {
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

function decode(reply: RawReply, encoding: BufferEncoding | null): Reply {
  if (reply === null || typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((item) => decode(item, encoding));
  return encoding === null ? reply : reply.toString(encoding);
}

/**
 * An in-memory connection: a test double for code that takes an
 * `AbcConnection`. It knows PING, ECHO, GET, SET, DEL, INCR, INCRBY, SELECT,
 * PUBLISH, MULTI, EXEC and DISCARD, and the whole pub/sub contract, against a
 * `MemoryServer` that its sibling connections share. Its commands never wait,
 * so nothing is ever pending.
 */
export class MemoryConnection<E extends Encoding = 'utf-8'> implements AbcConnection<E> {
  /** An in-memory server has no address. */
  readonly address = null;
  readonly encoding: E;
  /** Its commands are answered at once: none is ever pending. */
  readonly pendingCommands = 0;
  readonly #server: MemoryServer;
  readonly #decoding: BufferEncoding | null;
  readonly #subscriptions = new Subscriptions();
  /** Each subscribed pattern's matcher, by the pattern's key. */
  readonly #matchers = new Map<string, { readonly name: ChannelName; readonly matcher: RegExp }>();
  #db: number;
  #closed = false;
  #queued: (() => RawReply)[] | null = null;

  /** Checks a database index as `SELECT` and the options do. */
  static checkDb(db: number): void {
    if (!Number.isInteger(db) || db < 0 || db >= databases) throw new TypeError(`db must be an integer from 0 to ${databases - 1}, not ${String(db)}`);
  }

  constructor(server: MemoryServer, options: MemoryConnectOptions<E>) {
    this.#decoding = bufferEncoding(options.encoding);
    MemoryConnection.checkDb(options.db ?? 0);
    this.#server = server;
    this.encoding = options.encoding;
    this.#db = options.db ?? 0;
  }

  get db(): number {
    return this.#db;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inPubsub(): number {
    return this.#subscriptions.count;
  }

  get pubsubChannels(): AbcConnection<E>['pubsubChannels'] {
    return pubsubDictionary<E>(this.#subscriptions.channels);
  }

  get pubsubPatterns(): AbcConnection<E>['pubsubPatterns'] {
    return pubsubDictionary<E>(this.#subscriptions.patterns);
  }

  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet. */
  get inTransaction(): boolean {
    return this.#queued !== null;
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...given: ExecuteArgs): Promise<Reply> {
    const { name, args, options } = splitCommand(command, given);
    const decoding = options ? bufferEncoding(options.encoding) : this.#decoding;
    if (this.#closed) throw new ConnectionForcedCloseError('the connection was closed by close()');
    checkExecutable(name, this.inPubsub);
    const bytes = args.map(toBytes);
    if (this.#queued !== null && !['EXEC', 'DISCARD', 'MULTI'].includes(name)) {
      this.#check(name, bytes);
      this.#queued.push(() => this.#run(name, bytes));
      return decode(Buffer.from('QUEUED'), decoding);
    }
    return decode(this.#run(name, bytes), decoding);
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
    const store = this.#server.database(this.#db);
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
        this.#db = db;
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

  executePubsub<C extends PubsubCommand>(command: C, ...targets: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
  async executePubsub(command: PubsubCommand, ...targets: Target[]): Promise<PubsubConfirmation[]> {
    const kind = pubsubKind(command);
    checkTargets(kind, targets);
    if (this.#closed) throw new ConnectionForcedCloseError('the connection was closed by close()');
    if (isUnsubscribe(kind)) {
      const names = targets.map((target) => (isChannelName(target) ? target : target.name));
      return this.#subscriptions.remove(kind, names);
    }
    const { confirmations } = this.#subscriptions.add(kind, targets);
    if (kind === 'psubscribe') {
      for (const target of targets) {
        const name = isChannelName(target) ? target : target.name;
        this.#matchers.set(keyOf(name), { name, matcher: globToRegExp(toBytes(name).toString('latin1')) });
      }
    }
    return confirmations;
  }

  /** The server calls this for each published message; returns how many of this connection's subscriptions took it. */
  deliver(channel: Buffer, message: Buffer): number {
    const decoded = this.#decoding === null ? message : message.toString(this.#decoding);
    let taken = 0;
    if (this.#subscriptions.channels.has(keyOf(channel))) {
      this.#subscriptions.deliver(channel, decoded);
      taken += 1;
    }
    const text = channel.toString('latin1');
    for (const [key, { name, matcher }] of this.#matchers) {
      if (!this.#subscriptions.patterns.has(key)) {
        this.#matchers.delete(key);
      } else if (matcher.test(text)) {
        this.#subscriptions.deliverPattern(name, this.#decoding === null ? channel : channel.toString(this.#decoding), decoded);
        taken += 1;
      }
    }
    return taken;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queued = null;
    this.#subscriptions.closeAll(new ConnectionForcedCloseError('the connection was closed by close()'));
    this.#matchers.clear();
    this.#server.disconnect(this);
  }

  async waitClosed(): Promise<void> {}
}
