// From a keyless command to the masters of a cluster it runs on and how their replies merge, as the server's own routing tips say.
import type { CommandArg, CommandName, ExecuteArgs, Reply } from 'aioredis-abc';
import type { CommandCall } from './arguments.js';
import { ReplyError } from './errors.js';

/** The number of hash slots of a Redis Cluster; a `SCAN` cursor of the pool carries a slot below it. */
const slotCount = 16_384n;

/** How many fingerprints of the masters a `SCAN` cursor tells apart: a change goes unseen once in this many. */
const fingerprints = 65_536n;

/** How many masters `RANDOMKEY` tries, in turn, when the one it picked has lost its keys meanwhile. */
const randomKeyTries = 3;

/** What runs a command on one master of the cluster, as the pool does it. */
export interface ShardRunner {
  /** Each master (shard) with its lowest slot, by lowest slot ascending, from the slot map as last read. */
  shards(): Promise<readonly Shard[]>;
  /** Runs a command on the master of `slot`, following redirections and retrying as `execute()` does. */
  run(slot: number, command: CommandName, args: ExecuteArgs): Promise<Reply>;
}

/** A master of the cluster: its lowest slot, and its address (`host:port`). */
export interface Shard {
  readonly slot: number;
  readonly node: string;
}

/** A command's routing tips (Redis 7: `request_policy:…` and `response_policy:…` in its `COMMAND` entry). */
interface Tips {
  readonly request: string | undefined;
  readonly response: string | undefined;
}

/** Where a keyless command runs: on one master, on every master with a merge of their replies, or specially (`SCAN`, `RANDOMKEY`). */
type Plan =
  | { readonly kind: 'one' }
  | { readonly kind: 'masters'; readonly response: string | undefined }
  | { readonly kind: 'scan' }
  | { readonly kind: 'randomkey' };

/** An argument as text (bytes read as Latin-1): a subcommand's name, a cursor. */
function text(arg: CommandArg | undefined): string {
  if (arg === undefined) return '';
  if (typeof arg === 'string' || typeof arg === 'number') return String(arg);
  return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength).toString('latin1');
}

/** The tip named `policy` among a command's tips (`request_policy:all_shards` gives `all_shards`). */
function tip(tips: readonly Reply[], policy: string): string | undefined {
  const found = tips.find((one): one is string => typeof one === 'string' && one.startsWith(`${policy}:`));
  return found?.slice(policy.length + 1);
}

/** Adds a `COMMAND` entry's tips, and its subcommands' (`config|set`), to `table`; an entry without a tips element (before 7.0) adds nothing. */
function addEntry(table: Map<string, Tips>, entry: Reply): void {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') return;
  const tips = entry[7];
  const subcommands = entry[9];
  if (!Array.isArray(tips)) return;
  table.set(entry[0].toLowerCase(), { request: tip(tips, 'request_policy'), response: tip(tips, 'response_policy') });
  if (Array.isArray(subcommands)) for (const sub of subcommands) addEntry(table, sub);
}

/**
 * The routing tips of every command the server knows, read from its `COMMAND`
 * reply (Redis 7.0 and later put them in each entry's eighth element,
 * subcommands included). An empty table (a server before 7.0, or one that
 * refuses `COMMAND` with an error reply) leaves every keyless command on one
 * master.
 */
async function readTips(run: (command: CommandName, args: ExecuteArgs) => Promise<Reply>): Promise<ReadonlyMap<string, Tips>> {
  const table = new Map<string, Tips>();
  let reply: Reply;
  try {
    reply = await run('COMMAND', [{ encoding: 'utf-8' }]);
  } catch (error) {
    if (error instanceof ReplyError) return table;
    throw error;
  }
  for (const entry of Array.isArray(reply) ? reply : []) addEntry(table, entry);
  return table;
}

/** A command's tips: its subcommand's (`CONFIG SET`) when the server lists one, else its own; with the name to put in an error. */
function tipsOf(table: ReadonlyMap<string, Tips>, name: string, args: readonly CommandArg[]): { readonly label: string; readonly tips: Tips | undefined } {
  const sub = text(args[0]).toLowerCase();
  const subTips = table.get(`${name.toLowerCase()}|${sub}`);
  if (subTips !== undefined) return { label: `${name} ${sub.toUpperCase()}`, tips: subTips };
  return { label: name, tips: table.get(name.toLowerCase()) };
}

/**
 * Where a keyless command runs, from its tips. Throws a `TypeError`, before
 * anything is sent, for a routing this pool cannot honour: every node
 * (`all_nodes`: it keeps no connections to replicas), a `special` request
 * other than `SCAN`'s, or replies only the caller can merge (`special`, other
 * than `RANDOMKEY`'s).
 */
function planOf(table: ReadonlyMap<string, Tips>, name: string, args: readonly CommandArg[]): Plan {
  if (name === 'SCAN') return { kind: 'scan' };
  if (name === 'RANDOMKEY') return { kind: 'randomkey' };
  const { label, tips } = tipsOf(table, name, args);
  const request = tips?.request;
  if (request === 'all_nodes') {
    throw new TypeError(
      `${label} must run on every node of the cluster, replicas included (the server's tip request_policy:all_nodes), ` +
        'and a Cluster pool keeps connections to masters only: run it on a connection to each node; nothing was sent',
    );
  }
  if (request === 'special') {
    throw new TypeError(`${label} is routed in a way of its own (request_policy:special) that a Cluster pool does not know: run it on a node's connection, from acquire(); nothing was sent`);
  }
  if (request !== 'all_shards') return { kind: 'one' };
  if (tips?.response === 'special') {
    throw new TypeError(
      `${label} runs on every master and its replies merge in a way of its own (response_policy:special), which a Cluster pool does not do: ` +
        'run it on each master’s connection (acquire() with a key of that master as the hint); nothing was sent',
    );
  }
  return { kind: 'masters', response: tips?.response };
}

/** Merges two numeric replies (or arrays of them, element by element) with `op`; a `TypeError` for replies of other shapes. */
function combine(a: Reply, b: Reply, op: (x: number, y: number) => number, label: string): Reply {
  if (typeof a === 'number' && typeof b === 'number') return op(a, b);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.map((item, i) => combine(item, b[i] ?? null, op, label));
  }
  throw new TypeError(`${label}: the masters replied ${JSON.stringify([a, b])}, which its response policy cannot merge`);
}

/** The operations of the numeric response policies. */
const aggregates: Readonly<Record<string, (x: number, y: number) => number>> = {
  agg_sum: (x, y) => x + y,
  agg_min: Math.min,
  agg_max: Math.max,
  agg_logical_and: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  agg_logical_or: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
};

/**
 * The replies of every master as one, by the response policy: one of them
 * for `all_succeeded` (each said the same: `OK`, `PONG`), the aggregate for
 * `agg_*`, and without a policy the arrays joined end to end (`KEYS`), or the
 * replies as one array when they are not all arrays.
 */
function merge(replies: readonly Reply[], response: string | undefined, label: string): Reply {
  const op = response === undefined ? undefined : aggregates[response];
  if (op !== undefined) return replies.reduce((a, b) => combine(a, b, op, label));
  if (response !== undefined) return replies[0] ?? null;
  if (replies.every((reply) => Array.isArray(reply))) return replies.flat(1);
  return [...replies];
}

/**
 * Runs a command on every master at once and waits for each to settle. With
 * `one_succeeded`, the first success is the reply and it rejects only when
 * every master failed; with any other policy one failure rejects the command
 * with that master's error (the first in slot order), and the others may have
 * run it. `name` is the command's upper-case name, for a merge's errors.
 */
async function onEveryMaster(runner: ShardRunner, response: string | undefined, name: string, command: CommandName, args: ExecuteArgs): Promise<Reply> {
  const shards = await runner.shards();
  const settled = await Promise.allSettled(shards.map((shard) => runner.run(shard.slot, command, args)));
  const replies = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (response === 'one_succeeded' && replies.length > 0) return replies[0] ?? null;
  if (failure !== undefined) throw failure.reason;
  return merge(replies, response, name);
}

/** A digest of the masters and their lowest slots (FNV-1a), below `fingerprints`: a `SCAN` cursor made under other masters is told apart. */
function fingerprint(shards: readonly Shard[]): bigint {
  let hash = 0x811c9dc5;
  for (const char of shards.map((shard) => `${shard.slot}@${shard.node}`).join(',')) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  }
  return BigInt(hash) % fingerprints;
}

/** A pool's `SCAN` cursor: `(nodeCursor × 16384 + lowestSlot) × 65536 + fingerprint`, in decimal; `0` for a walk that is over. */
function encodeCursor(own: bigint, slot: number, print: bigint): string {
  return ((own * slotCount + BigInt(slot)) * fingerprints + print).toString();
}

/**
 * Where a pool's `SCAN` cursor goes on: the master (its lowest slot) and that
 * master's own cursor. `0`, or a cursor made while the masters were others
 * (its fingerprint differs), starts at the first master. A `TypeError`,
 * nothing sent, for what no pool's cursor looks like.
 */
function decodeCursor(arg: CommandArg | undefined, shards: readonly Shard[]): { readonly slot: number; readonly cursor: string } {
  const given = text(arg);
  if (!/^\d+$/.test(given)) {
    throw new TypeError(`SCAN through a Cluster pool takes 0 or a cursor the pool returned (decimal digits), not ${JSON.stringify(given)}; nothing was sent`);
  }
  const combined = BigInt(given);
  const position = combined / fingerprints;
  if (combined === 0n || combined % fingerprints !== fingerprint(shards)) return { slot: shards[0]?.slot ?? 0, cursor: '0' };
  return { slot: Number(position % slotCount), cursor: (position / slotCount).toString() };
}

/**
 * `SCAN` over every master in turn, by their lowest slot, with one cursor
 * that names the master being walked, that master's own cursor and a
 * fingerprint of the masters; it is `0` only before the first master and
 * after the last. When a master's own cursor comes back to 0, the reply's
 * cursor names the next master (its keys come with the next call). When the
 * pool has seen the masters change since the cursor was made, the walk starts
 * again from the first master: keys may come twice, as `SCAN` allows, and
 * none is missed that stayed on its master.
 */
async function scan(runner: ShardRunner, call: CommandCall, command: CommandName): Promise<Reply> {
  const { args: plain, options } = call;
  const [first, ...rest] = plain;
  const shards = await runner.shards();
  const { slot, cursor } = decodeCursor(first, shards);
  const reply = await runner.run(slot, command, [cursor, ...rest, ...(options === undefined ? [] : [options])]);
  const [next, keys] = Array.isArray(reply) ? reply : [];
  const nodeCursor = typeof next === 'string' || next instanceof Uint8Array ? text(next) : '';
  if (!/^\d+$/.test(nodeCursor) || !Array.isArray(keys)) throw new TypeError(`SCAN: a master replied ${JSON.stringify(reply)}, not [cursor, keys]`);
  const own = BigInt(nodeCursor);
  const after = shards.find((shard) => shard.slot > slot);
  const print = fingerprint(shards);
  const value = own !== 0n ? encodeCursor(own, slot, print) : after === undefined ? '0' : encodeCursor(0n, after.slot, print);
  return [typeof next === 'string' ? value : Buffer.from(value), keys];
}

/**
 * `RANDOMKEY` over the masters that hold keys: each master's `DBSIZE`, then
 * `RANDOMKEY` on one picked with odds by its size, so that every key of the
 * cluster is as likely. `null` when no master holds a key.
 */
async function randomKey(runner: ShardRunner, command: CommandName, args: ExecuteArgs): Promise<Reply> {
  const shards = await runner.shards();
  for (let attempt = 0; attempt < randomKeyTries; attempt += 1) {
    const sizes = (await Promise.all(shards.map((shard) => runner.run(shard.slot, 'DBSIZE', [])))).map(Number);
    let pick = Math.floor(Math.random() * sizes.reduce((sum, size) => sum + size, 0));
    const index = sizes.findIndex((size) => (pick -= size) < 0);
    const slot = shards[index]?.slot;
    if (slot === undefined) return null;
    const key = await runner.run(slot, command, args);
    if (key !== null) return key;
  }
  return null;
}

/**
 * Runs keyless commands on a cluster as the server's routing tips say, which
 * it reads from the cluster once (`COMMAND`, on the first keyless command)
 * and keeps. A reading that failed for a lost connection or a cluster that
 * is down is tried again by the next command.
 */
export class KeyspaceRouter {
  readonly #runner: ShardRunner;
  /** The tips by command name, once read (or being read). */
  #tips: Promise<ReadonlyMap<string, Tips>> | null = null;

  /** Reads nothing yet: the tips are read at the first keyless command, through `runner` on slot 0's master. */
  constructor(runner: ShardRunner) {
    this.#runner = runner;
  }

  /**
   * Runs a keyless command where its tips say and merges the replies; rejects
   * with a `TypeError`, nothing sent, when the pool cannot honour them. `call`
   * is the command as the pool split it already (`splitCommand()`).
   */
  async execute(call: CommandCall, command: CommandName, args: ExecuteArgs): Promise<Reply> {
    this.#tips ??= readTips((name, rest) => this.#runner.run(0, name, rest)).catch((error: unknown) => {
      this.#tips = null;
      throw error;
    });
    const plan = planOf(await this.#tips, call.name, call.args);
    if (plan.kind === 'scan') return scan(this.#runner, call, command);
    if (plan.kind === 'randomkey') return randomKey(this.#runner, command, args);
    if (plan.kind === 'masters') return onEveryMaster(this.#runner, plan.response, call.name, command, args);
    return this.#runner.run(0, command, args);
  }
}
