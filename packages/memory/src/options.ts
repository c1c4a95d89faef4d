import type { Encoding } from 'aioredis-abc';
import type { Clock } from './clock.js';

/** Where and how an in-memory connection opens. */
export interface MemoryConnectOptions<E extends Encoding> {
  /** The codec replies and messages are decoded with (a Node `BufferEncoding`), or `null` for bytes. */
  readonly encoding: E;
  /** The database to select: 0 by default, 0 to 15. */
  readonly db?: number;
}

/** How an in-memory pool opens its connections, and how many at most (10 by default). */
export interface MemoryPoolOptions<E extends Encoding> extends MemoryConnectOptions<E> {
  readonly maxsize?: number;
}

/** How a `MemoryServer` is made. */
export interface MemoryServerOptions {
  /**
   * The clock keys expire by: `Date.now()` by default. A test passes one it
   * moves, such as `{ now: () => time }`; a key expires once `now()` is past
   * its time, the next time anything looks at it. Blocking timeouts use real
   * timers.
   */
  readonly clock?: Clock;
  /**
   * How long a Lua script or function may run, in ms (5000 by default, as
   * Redis's `busy-reply-threshold`): nothing else runs meanwhile, so one
   * still running then is stopped with the error SCRIPT KILL gives
   * (`ERR Script killed by user with SCRIPT KILL...`).
   */
  readonly scriptTimeout?: number;
}
