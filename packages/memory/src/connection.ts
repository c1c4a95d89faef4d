import type { ChannelName, Encoding, PubsubKind } from 'aioredis-abc';
import { ClientConnection, globMatch, keyOf, ReplyError, type ErrorKind, type WireArg } from 'aioredis-abc-kit';
import type { Attempt } from './blocking.js';
import type { ServerState } from './commands/command.js';
import { commands, type Command, type Context, type Subscriber } from './commands/index.js';
import type { Database } from './keyspace.js';
import type { MemoryConnectOptions } from './options.js';
import { refusal } from './refusal.js';
import { cString, errorOf, ok, wrongArity, type RawReply } from './reply.js';
import type { FunctionStore } from './scripting/functions.js';
import type { ScriptStore } from './scripting/scripts.js';
import { WatchState } from './watch.js';

/** An argument as the bytes Redis would receive. */
function toBytes(arg: WireArg | ChannelName): Buffer {
  if (typeof arg === 'number') return Buffer.from(String(arg));
  return typeof arg === 'string' ? Buffer.from(arg) : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
}

/** The transaction commands that are never queued, which the connection runs itself. */
const transaction: Readonly<Record<string, number>> = { MULTI: 1, EXEC: 1, DISCARD: 1, WATCH: -2 };

/** Whether `args` (the name not counted) fit Redis's `arity`. */
function fits(arity: number, args: readonly Buffer[]): boolean {
  return arity >= 0 ? args.length + 1 === arity : args.length + 1 >= -arity;
}

/** Redis's refusal of a command before it runs or is queued: unknown, a wrong arity, or a container's unknown subcommand or wrong arity; `null` when it may run. */
function refusalOf(name: string, args: readonly Buffer[]): ReplyError | null {
  const arity = transaction[name] ?? commands[name]?.arity;
  if (arity === undefined) return refusal(name, args);
  if (!fits(arity, args)) return wrongArity(name);
  const subcommands = commands[name]?.subcommands;
  const sub = args[0]?.toString('latin1');
  if (subcommands === undefined || sub === undefined) return commands[name]?.refuse?.(args) ?? null;
  const subArity = subcommands[sub.toUpperCase()];
  if (subArity === undefined) return errorOf(Buffer.concat([Buffer.from("ERR unknown subcommand '"), cString(args[0] ?? Buffer.alloc(0), 128), Buffer.from(`'. Try ${name} HELP.`)]));
  return fits(subArity, args) ? null : wrongArity(`${name}|${sub}`);
}

/**
 * What a connection uses of the server it runs on, which its sibling
 * connections share; `MemoryServer` implements it. Declared beside the
 * connection so that the connection does not import the server that makes it.
 */
export interface ConnectionServer extends ServerState {
  /** The scripts EVAL compiled and SCRIPT LOAD loaded. */
  readonly scripts: ScriptStore;
  /** The function libraries FUNCTION LOAD loaded. */
  readonly functions: FunctionStore;
  /** Runs one command (or one EXEC) with the clock read once. */
  atCommandTime<T>(run: () => T): T;
  /** Empties every database, as FLUSHALL. */
  flushAll(): void;
  /** Delivers a message to every subscriber of the channel, by name and by pattern; how many got it. */
  publish(channel: Buffer, message: Buffer): number;
  /** Delivers a message to every subscriber of the shard channel; how many got it. */
  spublish(channel: Buffer, message: Buffer): number;
  /** What each open connection is subscribed to, for `PUBSUB`. */
  subscribers(): Subscriber[];
  /** Registers a connection's WATCH of a key. */
  watch(state: WatchState, db: Database, key: string): void;
  /** Forgets every key a connection watches. */
  unwatch(state: WatchState): void;
  /** Blocks a caller on keys until `attempt` answers for one, or `timeout` ms pass (0: forever). */
  block(owner: MemoryConnection<Encoding>, db: Database, keys: readonly string[], attempt: Attempt, timeout: number): Promise<RawReply>;
  /** Serves the blocked callers waiting on the keys the last command changed. */
  serveBlocked(): void;
  /** Forgets a closed connection: its subscriptions, watches and blocked calls. */
  disconnect(conn: MemoryConnection<Encoding>): void;
}

/** A queued command of a transaction. */
interface Queued {
  readonly command: Command;
  readonly args: readonly Buffer[];
}

/**
 * An in-memory connection: a test double for code that takes an
 * `AbcConnection`. It is the kit's `ClientConnection` over a `MemoryServer`,
 * which its sibling connections share. It runs the commands of the README's
 * table exactly as Redis 7.0 does, and refuses every other one with Redis's
 * own `ERR unknown command` error; transactions, WATCH, blocking pops and
 * the whole pub/sub contract included.
 */
export class MemoryConnection<E extends Encoding = 'utf-8'> extends ClientConnection<E> {
  /** An in-memory server has no address. */
  declare readonly address: null;
  readonly #server: ConnectionServer;
  /** Each subscribed pattern's bytes (latin1), by the pattern's key. */
  readonly #patterns = new Map<string, { readonly name: Buffer; readonly pattern: string }>();
  readonly #watch = new WatchState();
  /** The commands between MULTI and EXEC; `null` outside a transaction. */
  #queued: Queued[] | null = null;
  /** Whether a command was refused while queueing: EXEC then fails with EXECABORT. */
  #aborted = false;
  /** The database its commands run on, changed by `SELECT` in order with them. */
  #database: number;
  /** Settles once the blocking command in front has; commands sent meanwhile wait behind it, as on a socket. */
  #waiting: Promise<void> | null = null;

  constructor(server: ConnectionServer, options: MemoryConnectOptions<E>) {
    super(options, null);
    this.#server = server;
    this.#database = options.db ?? 0;
  }

  protected send(command: string, args: WireArg[]): Promise<RawReply> {
    const bytes = args.map(toBytes);
    const waiting = this.#waiting;
    if (waiting === null) {
      const reply = this.#handle(command, bytes);
      if (reply instanceof Promise) this.#waitFor(reply);
      return Promise.resolve(reply);
    }
    const later = waiting.then(() => this.#handle(command, bytes));
    this.#waitFor(later);
    return later;
  }

  /** Makes the next commands wait until `reply` settles. */
  #waitFor(reply: Promise<RawReply>): void {
    const settled = reply.then(
      () => undefined,
      () => undefined,
    );
    this.#waiting = settled;
    void settled.then(() => {
      if (this.#waiting === settled) this.#waiting = null;
    });
  }

  /** Runs or queues one command at one time, then serves the callers blocked on what it changed. */
  #handle(name: string, args: readonly Buffer[]): RawReply | Promise<RawReply> {
    return this.#server.atCommandTime(() => this.#handleNow(name, args));
  }

  /** Refuses an unknown command or a wrong arity (which makes a transaction fail at EXEC), queues inside MULTI (but QUIT, as Redis), or runs. */
  #handleNow(name: string, args: readonly Buffer[]): RawReply | Promise<RawReply> {
    const refusal = refusalOf(name, args);
    if (refusal !== null) {
      if (this.#queued !== null) this.#aborted = true;
      throw refusal;
    }
    const command = commands[name];
    if (this.#queued !== null && command !== undefined && name !== 'QUIT') {
      this.#queued.push({ command, args });
      return Buffer.from('QUEUED');
    }
    try {
      return command === undefined ? this.#transaction(name, args) : command.run(this.#context(false), args);
    } finally {
      this.#server.serveBlocked();
    }
  }

  #context(inExec: boolean): Context {
    return {
      db: this.#server.database(this.#database),
      inExec,
      inPubsub: this.inPubsub > 0,
      scripts: this.#server.scripts,
      functions: this.#server.functions,
      database: (index) => this.#server.database(index),
      select: (index) => {
        this.#database = index;
      },
      unwatch: () => this.#server.unwatch(this.#watch),
      flushAll: () => this.#server.flushAll(),
      publish: (channel, message) => this.#server.publish(channel, message),
      server: this.#server,
      quit: () => setImmediate(() => this.disconnect()),
      spublish: (channel, message) => this.#server.spublish(channel, message),
      subscribers: () => this.#server.subscribers(),
      block: (keys, attempt, timeout) => this.#server.block(this, this.#server.database(this.#database), keys, attempt, timeout),
      command: (name) => commands[name],
    };
  }

  /** MULTI, EXEC, DISCARD and WATCH. */
  #transaction(name: string, args: readonly Buffer[]): RawReply {
    const queued = this.#queued;
    if (name === 'MULTI') {
      if (queued !== null) throw new ReplyError('ERR MULTI calls can not be nested');
      this.#queued = [];
      return ok();
    }
    if (name === 'WATCH') {
      if (queued !== null) throw new ReplyError('ERR WATCH inside MULTI is not allowed');
      const db = this.#server.database(this.#database);
      for (const key of args) this.#server.watch(this.#watch, db, key.toString('latin1'));
      return ok();
    }
    if (queued === null) throw new ReplyError(`ERR ${name} without MULTI`);
    const aborted = this.#aborted;
    const dirty = this.#watch.dirty;
    this.#queued = null;
    this.#aborted = false;
    this.#server.unwatch(this.#watch);
    if (name === 'DISCARD') return ok();
    if (aborted) throw new ReplyError('EXECABORT Transaction discarded because of previous errors.');
    if (dirty) return null;
    return queued.map(({ command, args: queuedArgs }) => this.#runQueued(command, queuedArgs));
  }

  /** One command of EXEC: its reply, or its error as an element of EXEC's reply. */
  #runQueued(command: Command, args: readonly Buffer[]): RawReply {
    try {
      const reply = command.run(this.#context(true), args);
      if (reply instanceof Promise) throw new Error('a command inside EXEC did not answer at once');
      return reply;
    } catch (error) {
      if (error instanceof ReplyError) return error;
      throw error;
    }
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    if (kind !== 'psubscribe') return;
    for (const name of names) this.#patterns.set(keyOf(name), { name: toBytes(name), pattern: toBytes(name).toString('latin1') });
  }

  protected classify(): ErrorKind {
    return 'other';
  }

  protected disconnect(): void {
    this.#queued = null;
    this.#patterns.clear();
    this.#server.unwatch(this.#watch);
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
    for (const [key, { name, pattern }] of this.#patterns) {
      if (!this.pubsubPatterns.has(key)) {
        this.#patterns.delete(key);
      } else if (globMatch(pattern, text)) {
        this.receivePattern(name, channel, message);
        taken += 1;
      }
    }
    return taken;
  }

  /** The server calls this for each message of `SPUBLISH`; returns 1 when this connection has the shard channel, else 0. */
  deliverShard(channel: Buffer, message: Buffer): number {
    if (!this.pubsubShardChannels.has(keyOf(channel))) return 0;
    this.receiveShard(channel, message);
    return 1;
  }

  /** The names, patterns and shard channels this connection is subscribed to, as the bytes the server sees, read as latin1. */
  subscriber(): Subscriber {
    const names = (dictionary: ReadonlyMap<string, { readonly name: ChannelName }>): string[] =>
      [...dictionary.values()].map((channel) => toBytes(channel.name).toString('latin1'));
    return { channels: names(this.pubsubChannels), patterns: names(this.pubsubPatterns), shards: names(this.pubsubShardChannels) };
  }
}
