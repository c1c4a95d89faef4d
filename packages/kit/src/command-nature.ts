// What a command does to the connection it runs on, for the commands after it:
// the pool's routing and the connection's state rules in one place.
import type { CommandArg } from 'aioredis-abc';
import { exists, hasFlag } from '@ioredis/commands';

/**
 * How `execute()` on a pool runs a command:
 * - `shared`: on a connection shared with other callers, pipelined;
 * - `alone`: on a connection of its own, taken out and given back (it blocks);
 * - `server`: on a connection of its own that selects no database and sets no
 *   client name, closed afterwards: `SCRIPT KILL` and `FUNCTION KILL`, which
 *   must not wait behind a busy script, and which a busy server lets through
 *   where it refuses the `SELECT` and `CLIENT SETNAME` of a new connection;
 * - `retired`: on a connection of its own, closed afterwards (the pool cannot
 *   know what the command does to it);
 * - `refused`: not at all; it changes its connection for the commands after
 *   it, so it goes through `acquire()`.
 */
export type PoolRoute = 'shared' | 'alone' | 'server' | 'retired' | 'refused';

/** How a command changes the connection it runs on. */
export type StateChange =
  /** Nothing the commands after it would see. */
  | 'none'
  /** Selects a database (`SELECT`): `db` follows it. */
  | 'db'
  /** Starts, ends or watches for a transaction: tracked. */
  | 'transaction'
  /** Anything else that stays with the connection (a name, a user, tracking, a protocol, read-only mode, `RESET`): a pool closes it on release. */
  | 'session';

/** What a command is, for the pool and the connection. */
export interface CommandNature {
  readonly route: PoolRoute;
  readonly change: StateChange;
  /** Why no connection may run it, when none may: its replies could never be read as replies. */
  readonly refused?: string;
}

const plain: CommandNature = { route: 'shared', change: 'none' };
const blocking: CommandNature = { route: 'alone', change: 'none' };
const serverWide: CommandNature = { route: 'server', change: 'none' };
const unknown: CommandNature = { route: 'retired', change: 'session' };
const selects: CommandNature = { route: 'refused', change: 'db' };
const transaction: CommandNature = { route: 'refused', change: 'transaction' };
const session: CommandNature = { route: 'refused', change: 'session' };

/**
 * The commands that change the connection they run on, from Redis's
 * `connection` and `transactions` command groups and the cluster's read-only
 * mode. `@ioredis/commands` has no flag for this, so it is named here; the
 * blocking and pub/sub commands are read from its flags instead.
 */
const stateful: Readonly<Record<string, CommandNature>> = {
  SELECT: selects,
  MULTI: transaction,
  EXEC: transaction,
  DISCARD: transaction,
  WATCH: transaction,
  UNWATCH: transaction,
  AUTH: session,
  HELLO: session,
  RESET: session,
  QUIT: session,
  READONLY: session,
  READWRITE: session,
  ASKING: session,
};

/** `CLIENT` subcommands that change the calling connection; the others read, or act on the server. */
const clientState = new Set(['REPLY', 'TRACKING', 'CACHING', 'SETNAME', 'SETINFO', 'NO-EVICT', 'NO-TOUCH']);
/** `CLIENT` subcommands that read, or act on the whole server or other clients. */
const clientPlain = new Set(['ID', 'GETNAME', 'INFO', 'LIST', 'TRACKINGINFO', 'GETREDIR', 'HELP', 'KILL', 'PAUSE', 'UNPAUSE', 'UNBLOCK']);

function text(arg: CommandArg | undefined): string {
  if (arg === undefined) return '';
  return (typeof arg === 'string' ? arg : typeof arg === 'number' ? String(arg) : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength).toString('latin1')).toUpperCase();
}

/** Why no connection may run the command, or `undefined`. */
function refusal(name: string, args: readonly CommandArg[]): string | undefined {
  if (name === 'MONITOR') return 'MONITOR turns the connection into a stream of every command the server runs, which replies cannot carry';
  if (name === 'SYNC' || name === 'PSYNC') return `${name} turns the connection into a replication stream`;
  if (name === 'CLIENT' && text(args[0]) === 'REPLY' && text(args[1]) !== 'ON') {
    return 'CLIENT REPLY OFF and SKIP leave commands without replies, so their promises would never settle';
  }
  if (name === 'HELLO' && args.length > 0 && text(args[0]) !== '2') return 'HELLO with a protocol other than 2: replies are RESP2';
  return undefined;
}

/** Whether a command subscribes or unsubscribes: `@ioredis/commands` flags it `pubsub`, as it does PUBLISH and SPUBLISH. */
export function isSubscription(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('subscribe') && exists(lower) && hasFlag(lower, 'pubsub');
}

/**
 * What a command, upper-cased, is for the pool and the connection. Blocking
 * commands are the ones `@ioredis/commands` flags `blocking`; a command it does
 * not know (newer than its data) is treated as changing its connection, and a
 * module's command (`JSON.SET`: a dot in the name) as a plain one.
 */
export function commandNature(name: string, args: readonly CommandArg[]): CommandNature {
  const refused = refusal(name, args);
  if (refused !== undefined) return { route: 'refused', change: 'session', refused };
  const known = stateful[name];
  if (known !== undefined) return known;
  if (name === 'CLIENT') {
    const sub = text(args[0]);
    return clientState.has(sub) ? session : clientPlain.has(sub) ? plain : unknown;
  }
  if (name === 'SCRIPT' && text(args[0]) === 'DEBUG') return session;
  // They stop a script that keeps a connection busy: never queued behind it.
  if ((name === 'SCRIPT' || name === 'FUNCTION') && text(args[0]) === 'KILL') return serverWide;
  if (name.includes('.')) return plain;
  return byFlags.get(name) ?? flagNature(name);
}

/** The nature of each command `@ioredis/commands` knows, by upper-case name, as `flagNature()` found it. */
const byFlags = new Map<string, CommandNature>();

/** The nature of a command by `@ioredis/commands`' flags alone: blocking, plain, or unknown; kept for the commands it knows. */
function flagNature(name: string): CommandNature {
  const lower = name.toLowerCase();
  if (!exists(lower)) return unknown;
  const nature = hasFlag(lower, 'blocking') ? blocking : plain;
  byFlags.set(name, nature);
  return nature;
}
