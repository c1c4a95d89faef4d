// The commands a connection sent and not yet answered: one promise each, in order, and the one timer of their deadlines.
import { ConnectionClosedError, ReadOnlyError, ReplyError, TimeoutError } from './errors.js';

/**
 * The commands sent and not yet answered, in order. Each settles with what the
 * client says, unless the queue is stopped first; a command with a timeout that
 * gets no reply within it rejects with a `TimeoutError`, and the connection is
 * told to close (`late`).
 */
export class ReplyQueue {
  /** Milliseconds a command waits for its reply, unless it says otherwise (`null`: no limit). */
  readonly timeout: number | null;
  /** The rejections of the commands sent and not yet answered, in order, with the time each must be answered by (`null`: none). */
  readonly #pending = new Map<(error: Error) => void, number | null>();
  /** The contract's error for what the client rejected a command with. */
  readonly #translate: (error: unknown) => Error;
  /** Closes the connection with the error it is given: a command got no reply in time. */
  readonly #late: (error: ConnectionClosedError) => void;
  /** The one timer of the deadlines, while one is armed. */
  #timer: NodeJS.Timeout | null = null;
  /** Whether `stop()` was called: no command is pending, and no deadline is checked again. */
  #stopped = false;

  /** An empty queue whose commands wait `timeout` ms for their replies. */
  constructor(timeout: number | null, translate: (error: unknown) => Error, late: (error: ConnectionClosedError) => void) {
    this.timeout = timeout;
    this.#translate = translate;
    this.#late = late;
  }

  /** How many commands are sent and not yet answered. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Settles with what the client says, passed through `settle`, unless the
   * queue stops first: then it rejects at once with the reason, and what the
   * client says later is dropped. It is the one promise a command costs. A
   * reply error (or `READONLY`) calls `answeredWithError` before it rejects.
   */
  track<T>(sent: Promise<unknown>, settle: (value: unknown) => T, answeredWithError?: () => void, timeout: number | null = this.timeout): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#pending.set(reject, timeout === null ? null : Date.now() + timeout);
      if (timeout !== null && this.#timer === null) this.#arm(timeout);
      sent.then(
        (value) => {
          if (!this.#pending.delete(reject)) return;
          try {
            resolve(settle(value));
          } catch (error) {
            reject(error);
          }
        },
        (error: unknown) => {
          if (!this.#pending.delete(reject)) return;
          const translated = this.#translate(error);
          if (translated instanceof ReplyError || translated instanceof ReadOnlyError) answeredWithError?.();
          reject(translated);
        },
      );
    });
  }

  /** Checks the deadlines again in `ms`; the timer keeps no process alive. */
  #arm(ms: number): void {
    this.#timer = setTimeout(this.#checkDeadlines, ms);
    this.#timer.unref();
  }

  /**
   * One timer a connection: replies come in order, so only the oldest command
   * can be late. A blocking command ahead waits as long as it says, and the
   * commands behind it with it.
   */
  readonly #checkDeadlines = (): void => {
    this.#timer = null;
    const [first] = this.#pending;
    if (first === undefined || this.#stopped) return;
    const [reject, deadline] = first;
    if (deadline === null) return;
    const now = Date.now();
    if (deadline > now) {
      this.#arm(deadline - now);
      return;
    }
    const ms = this.timeout ?? 0;
    this.#pending.delete(reject);
    reject(new TimeoutError(`no reply within ${ms} ms: the connection was closed, so that the late reply reaches no other command`));
    this.#late(new ConnectionClosedError(`the connection was closed: a command before this one got no reply within ${ms} ms`));
  };

  /** Rejects every pending command with `error`, and stops checking deadlines: the connection is closed. */
  stop(error: Error): void {
    this.#stopped = true;
    for (const reject of this.#pending.keys()) reject(error);
    this.#pending.clear();
    if (this.#timer !== null) clearTimeout(this.#timer);
  }
}
