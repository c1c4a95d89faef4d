// How a Cluster pool reads a command: the hash slot of its keys, and what an error reply says about the cluster.
import type { CommandArg, CommandName, ExecuteArgs } from 'aioredis-abc';
import { exists, getKeyIndexes } from '@ioredis/commands';
import calculateSlot = require('cluster-key-slot');
import { splitCommand } from './arguments.js';
import { ConnectionClosedError, ReplyError } from './errors.js';

/** A redirection in an error reply: `MOVED <slot> <host>:<port>` or `ASK <slot> <host>:<port>`. */
export function redirection(error: unknown): { readonly kind: 'MOVED' | 'ASK'; readonly host: string; readonly port: number } | null {
  if (!(error instanceof ReplyError)) return null;
  const found = /^(MOVED|ASK) \d+ (.*):(\d+)$/.exec(error.message);
  const [, kind, host, port] = found ?? [];
  if ((kind !== 'MOVED' && kind !== 'ASK') || host === undefined || port === undefined) return null;
  return { kind, host, port: Number(port) };
}

/** Whether an error says the cluster is changing and the command may be sent again once the slot map is read again. */
export function transient(error: unknown): boolean {
  if (error instanceof ConnectionClosedError) return true;
  return error instanceof ReplyError && /^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING)\b/.test(error.message);
}

/** The lower-case names of the commands `@ioredis/commands` knows, by their upper-case form, as they are met. */
const knownNames = new Map<string, string>();

/** A command's name as `@ioredis/commands` knows it (lower case), or `null` when it does not know it. */
function knownName(name: string): string | null {
  const found = knownNames.get(name);
  if (found !== undefined) return found;
  const lower = name.toLowerCase();
  if (!exists(lower)) return null;
  knownNames.set(name, lower);
  return lower;
}

/** Whether every argument is as `@ioredis/commands` reads it: bytes only as a `Buffer`, whose text it can read for a subcommand. */
function isWire(args: readonly CommandArg[]): args is (string | number | Buffer)[] {
  return args.every((arg) => !(arg instanceof Uint8Array) || Buffer.isBuffer(arg));
}

/** The arguments as `@ioredis/commands` reads them: bytes that are not a `Buffer` viewed as one. */
function wireArgs(args: readonly CommandArg[]): (string | number | Buffer)[] {
  if (isWire(args)) return args;
  return args.map((arg) => (arg instanceof Uint8Array ? Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength) : arg));
}

/** The key arguments of a command, as `@ioredis/commands` finds them; none for a command it does not know. */
function keysOf(name: string, args: readonly CommandArg[]): CommandArg[] {
  const lower = knownName(name);
  if (lower === null) return [];
  const keys: CommandArg[] = [];
  for (const index of getKeyIndexes(lower, wireArgs(args))) {
    const key = args[index];
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** The hash slot of a key, its hash tag (`{…}`) honoured. */
export function slotOf(key: CommandArg): number {
  if (typeof key === 'number') return calculateSlot(String(key));
  return calculateSlot(typeof key === 'string' ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength));
}

/**
 * The slot a command's keys hash to, or `null` for a command without keys.
 * Throws a `TypeError`, before anything is sent, when the keys hash to
 * different slots.
 */
export function commandSlot(command: CommandName, args: ExecuteArgs): number | null {
  const { name, args: plain } = splitCommand(command, args);
  return callSlot(name, plain);
}

/** `commandSlot()` of a command already split: its upper-case name and its arguments. */
export function callSlot(name: string, args: readonly CommandArg[]): number | null {
  let slot: number | null = null;
  for (const key of keysOf(name, args)) {
    const own = slotOf(key);
    if (slot !== null && own !== slot) {
      throw new TypeError(
        `${name}: its keys hash to different slots (${slot} and ${own}), and a cluster runs a command only when all its keys are in one slot: ` +
          'give them a common hash tag, such as {user:1}:name and {user:1}:email; nothing was sent',
      );
    }
    slot = own;
  }
  return slot;
}
