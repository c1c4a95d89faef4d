// examples/transaction.ts: a transaction, given a connection or a pool: MULTI, the commands and EXEC sent together.
import type { AbcConnection, AbcPool, CommandArg, Encoding, Reply } from 'aioredis-abc';

/** A command and its arguments, as `execute()` takes them. */
export type Command = readonly [name: string, ...args: CommandArg[]];

/**
 * Runs the commands in one transaction and resolves with the reply to `EXEC`.
 * A pool lends a connection of its own. On a connection that other callers
 * share, nothing is awaited between `MULTI` and `EXEC`, so that no other
 * caller's command is sent between them. Rejects with the first error: a
 * command the server refuses to queue makes `EXEC` fail with `EXECABORT`.
 */
export async function transaction<E extends Encoding>(
  target: AbcConnection<E> | AbcPool<AbcConnection<E>>,
  commands: readonly Command[],
): Promise<Reply<E>> {
  const conn = 'acquire' in target ? await target.acquire() : target;
  try {
    const multi = conn.execute('MULTI');
    const queued = commands.map(([name, ...args]) => conn.execute(name, ...args));
    const exec = conn.execute('EXEC');
    const settled = await Promise.allSettled([multi, ...queued, exec]);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed?.status === 'rejected') throw failed.reason;
    return await exec;
  } finally {
    if ('acquire' in target) target.release(conn);
  }
}
