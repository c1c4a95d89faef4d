import type { ReplyError } from 'aioredis-abc-kit';
import type { Attempt } from '../blocking.js';
import type { Database } from '../keyspace.js';
import type { RawReply } from '../reply.js';
import type { FunctionStore } from '../scripting/functions.js';
import type { ScriptStore } from '../scripting/scripts.js';

/** Which end of a list a pop takes from. */
export type End = 'left' | 'right';

/** What a command runs against: the selected database, and the server-wide effects a few commands have. */
export interface Context {
  /** The database the connection has selected. */
  readonly db: Database;
  /** Whether the command runs inside `EXEC`: blocking commands then answer at once. */
  readonly inExec: boolean;
  /** Whether the connection is in pub/sub mode: PING then answers as a subscriber's does. */
  readonly inPubsub: boolean;
  /** The server's scripts, as EVAL and SCRIPT see them. */
  readonly scripts: ScriptStore;
  /** The server's function libraries, as FUNCTION and FCALL see them. */
  readonly functions: FunctionStore;
  /** Database `index` of the server (0 to 15). */
  database(index: number): Database;
  /** Selects database `index` for the connection's next commands. */
  select(index: number): void;
  /** Forgets every key the connection watches. */
  unwatch(): void;
  /** Empties every database. */
  flushAll(): void;
  /** Delivers a message to the channel's subscribers; how many took it. */
  publish(channel: Buffer, message: Buffer): number;
  /** What the server-wide commands read and change: LASTSAVE's time, INFO's figures. */
  readonly server: ServerState;
  /** Ends the connection after this command's reply, as QUIT does. */
  quit(): void;
  /** Delivers a message to the shard channel's subscribers (`SPUBLISH`); how many took it. */
  spublish(channel: Buffer, message: Buffer): number;
  /** What every connection of the server is subscribed to, for `PUBSUB`. */
  subscribers(): readonly Subscriber[];
  /** Waits until `attempt` answers for one of the keys, tried each time one changes; `null` after `timeout` ms (0: forever). */
  block(keys: readonly string[], attempt: Attempt, timeout: number): Promise<RawReply>;
  /** The double's command of that upper-case name, as a script's `redis.call` finds it; `undefined` when the double has none. */
  command(name: string): Command | undefined;
}

/** The server's own state that a few commands read and change. */
export interface ServerState {
  /** When SAVE or BGSAVE last ran, in seconds since the epoch: the server's start until then. */
  lastSave: number;
  /** When the server was made, in milliseconds by its clock. */
  readonly startedAt: number;
  /** How many connections are open, and how many of them wait in a blocking command. */
  clients(): { readonly connected: number; readonly blocked: number };
  /** Database `index` (0 to 15). */
  database(index: number): Database;
}

/** One connection's subscriptions, each name or pattern as its bytes read as latin1. */
export interface Subscriber {
  /** The channels of its `SUBSCRIBE`s. */
  readonly channels: readonly string[];
  /** The patterns of its `PSUBSCRIBE`s. */
  readonly patterns: readonly string[];
  /** The shard channels of its `SSUBSCRIBE`s. */
  readonly shards: readonly string[];
}

/** One command of the double: Redis's arity, and how it runs. */
export interface Command {
  /** Redis's arity, the name counted: `n` exactly `n` words, `-n` at least `n`. */
  readonly arity: number;
  /** What the README's table says beside the name: how the reply's form may differ from one a server gives, with the same meaning. */
  readonly note?: string;
  /** A container command's subcommands (upper case) and Redis's arity of each, the container's name counted: an unknown one or a wrong arity is refused before the command runs or is queued. */
  readonly subcommands?: Readonly<Record<string, number>>;
  /** The error Redis gives before running or queueing the command, past its arity, for a command without `subcommands`; `null` when none. */
  refuse?(args: readonly Buffer[]): ReplyError | null;
  /** Runs the command: its reply, or throws a `ReplyError` with Redis's text. */
  run(context: Context, args: readonly Buffer[]): RawReply | Promise<RawReply>;
}

/** Commands by upper-case name. */
export type CommandTable = Readonly<Record<string, Command>>;

/** A key, field or member as the double keys it: its bytes read as latin1. */
export function text(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** Bytes back from the latin1 text the double keys them by. */
export function bytesOf(name: string): Buffer {
  return Buffer.from(name, 'latin1');
}

/** An argument that must be there: the command's arity guarantees it. */
export function arg(args: readonly Buffer[], index: number): Buffer {
  const value = args[index];
  if (value === undefined) throw new RangeError(`argument ${index} is missing; the arity check should have refused the command`);
  return value;
}

/** Whether an option word is `name`, in any case, as Redis compares them. */
export function isWord(bytes: Buffer | undefined, name: string): boolean {
  return bytes !== undefined && text(bytes).toUpperCase() === name;
}
