import type { EventEmitter } from 'node:events';

/**
 * Waits for a client that tells of its connecting by events, as ioredis and
 * node-redis do: resolves at `'ready'`; rejects at `'end'` with
 * `ended(cause)`, `cause` being the first `'error'` seen (if any), or at once
 * at an `'error'` for which `fatal(error)` holds (a client that reports a
 * failed connect by an error and no end). Its listeners go when it settles.
 */
export function readyEvent(client: Pick<EventEmitter, 'on' | 'off'>, ended: (cause: unknown) => unknown, fatal: (error: unknown) => boolean = () => false): Promise<void> {
  return new Promise((resolve, reject) => {
    let cause: unknown;
    const settle = (then: () => void): void => {
      client.off('ready', onReady).off('error', onError).off('end', onEnd);
      then();
    };
    const onReady = (): void => settle(resolve);
    const onEnd = (): void => settle(() => reject(ended(cause)));
    const onError = (error: unknown): void => {
      cause ??= error;
      if (fatal(error)) settle(() => reject(error));
    };
    client.on('ready', onReady).on('error', onError).on('end', onEnd);
  });
}
