// The questions the Sentinel pool asks: a Sentinel where the master or the replicas are, a node what its role is.
import type { CommandName, Encoding } from 'aioredis-abc';
import { exists, hasFlag } from '@ioredis/commands';
import { commandName } from '../arguments.js';
import type { ConnectOptions } from '../options.js';
import type { Connector } from '../multi-node.js';
import type { ReusableConnection } from '../pool-types.js';
import { poolClosed } from '../close-latch.js';
import { asText, closeConnection, openUntil, type Place } from './shared.js';

/** The role a Sentinel pool serves. */
export type Role = 'master' | 'replica';

/** The master's address as one Sentinel names it (`SENTINEL GET-MASTER-ADDR-BY-NAME`), or `null` when it names none. */
async function masterNamed(conn: ReusableConnection, service: string): Promise<[string, number][]> {
  const reply = await conn.execute('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', service, { encoding: 'utf-8' });
  if (!Array.isArray(reply)) return [];
  const [host, port] = reply;
  return typeof host === 'string' && typeof port === 'string' ? [[host, Number(port)]] : [];
}

/** The replicas one Sentinel knows to be up (`SENTINEL REPLICAS`, not `s_down`, `o_down` or `disconnected`), shuffled. */
async function replicasNamed(conn: ReusableConnection, service: string): Promise<[string, number][]> {
  const reply = await conn.execute('SENTINEL', 'REPLICAS', service, { encoding: 'utf-8' });
  const up: [string, number][] = [];
  for (const replica of Array.isArray(reply) ? reply : []) {
    if (!Array.isArray(replica)) continue;
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < replica.length; i += 2) {
      const key = replica[i];
      const value = replica[i + 1];
      if (typeof key === 'string' && typeof value === 'string') fields.set(key, value);
    }
    const flags = (fields.get('flags') ?? '').split(',');
    const ip = fields.get('ip');
    if (ip !== undefined && !flags.some((flag) => flag === 's_down' || flag === 'o_down' || flag === 'disconnected')) up.push([ip, Number(fields.get('port'))]);
  }
  return up.sort(() => Math.random() - 0.5);
}

/**
 * What one Sentinel names for `role`: the master's address, or the replicas
 * that are up. A Sentinel that does not monitor the service answers with an
 * error reply, and names nothing; one that cannot be reached rejects, and so
 * does the question when `stop` comes first (the pool closed).
 */
export async function askSentinel<C extends ReusableConnection, E extends Encoding>(
  connect: Connector<C, E>,
  options: ConnectOptions<E>,
  question: { readonly service: string; readonly role: Role; readonly stop: Promise<void> },
): Promise<[string, number][]> {
  const conn = await openUntil(connect(options), question.stop);
  if (conn === null) throw poolClosed('the pool closed, or the Sentinel could not be reached');
  try {
    return await (question.role === 'master' ? masterNamed(conn, question.service) : replicasNamed(conn, question.service));
  } catch (error) {
    if (error instanceof Error && error.name === 'ReplyError') return [];
    throw error;
  } finally {
    await closeConnection(conn);
  }
}

/** What a node's `ROLE` says it is: `'master'`, `'slave'`, or another word, `null` for a reply of another shape. */
export async function roleOf(conn: ReusableConnection): Promise<string | null> {
  const reply = await conn.execute('ROLE', { encoding: 'utf-8' });
  return Array.isArray(reply) ? asText(reply[0]) : null;
}

/**
 * The new master's address in a `+switch-master` message about `service`
 * (`<service> <old ip> <old port> <new ip> <new port>`), or `null` for a
 * message about another service or of another shape.
 */
export function switchedTo(message: unknown, service: string): Place | null {
  const words = asText(message)?.split(' ') ?? [];
  if (words.length !== 5 || words[0] !== service) return null;
  const port = Number(words[4]);
  const host = words[3];
  return host !== undefined && host !== '' && Number.isInteger(port) && port > 0 ? [host, port] : null;
}

/** Whether a command only reads (`@ioredis/commands` flags it `readonly`): sent again after its connection closed, it changes nothing. */
export function readsOnly(command: CommandName): boolean {
  const name = commandName(command).toLowerCase();
  return exists(name) && hasFlag(name, 'readonly');
}

/**
 * The promoted replica's address in a `+promoted-slave` message about
 * `service` (`slave <ip>:<port> <ip> <port> @ <service> <master ip> <master
 * port>`), or `null` for a message about another service or of another shape.
 */
export function promotedTo(message: unknown, service: string): Place | null {
  const words = asText(message)?.split(' ') ?? [];
  if (words.length !== 8 || words[0] !== 'slave' || words[4] !== '@' || words[5] !== service) return null;
  const port = Number(words[3]);
  const host = words[2];
  return host !== undefined && host !== '' && Number.isInteger(port) && port > 0 ? [host, port] : null;
}

/** `conn` once its `ROLE` is `wanted`; otherwise it is closed, and the error `refuse` makes of what it said is thrown. */
export async function ofRole<C extends ReusableConnection>(conn: C, wanted: string, refuse: (said: string | null) => Error): Promise<C> {
  try {
    const said = await roleOf(conn);
    if (said !== wanted) throw refuse(said);
  } catch (error) {
    await closeConnection(conn);
    throw error;
  }
  return conn;
}
