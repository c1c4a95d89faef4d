// Whether a pool (or one of its parts) was closed, and the error a call on it then rejects with.
import { PoolClosedError } from './errors.js';

/** The error of a call on a pool that is closed: `why` says what was cut short, if not the call itself. */
export function poolClosed(why = 'the pool is closed'): PoolClosedError {
  return new PoolClosedError(why);
}

/**
 * Whether `close()` was called on a pool or one of its parts, and a promise
 * that settles then, which cuts short the pauses between two tries and what
 * waits on a Sentinel or a node.
 */
export class CloseLatch {
  /** Whether `close()` was called. */
  #closed = false;
  /** Settles `requested`. */
  #markClosed: () => void = () => {};
  /** Settles at `close()`. */
  readonly requested = new Promise<void>((resolve) => {
    this.#markClosed = resolve;
  });

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Marks it closed and settles `requested`; `false` when it was closed already, and there is nothing to do. */
  close(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    this.#markClosed();
    return true;
  }

  /** Throws a `PoolClosedError` (`poolClosed(why)`) once `close()` was called. */
  check(why?: string): void {
    if (this.#closed) throw poolClosed(why);
  }
}
