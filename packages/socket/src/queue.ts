// The commands waiting for their replies, oldest first, kept in parallel rings rather than an object each.

/** Settles a command with its reply. */
export type Resolve = (value: unknown) => void;
/** Settles a command with an error. */
export type Reject = (error: Error) => void;

/** The first capacity of the rings: a power of two. */
const FIRST_CAPACITY = 16;

/**
 * A first-in first-out queue of pending commands, each held as a slot in
 * four parallel arrays (its resolve, its reject, its encoding, how many
 * pub/sub confirmations it waits for) used as rings: adding and removing a
 * command makes no object, and the rings grow by doubling.
 */
export class ReplyQueue {
  /** Each pending command's resolve. */
  #resolves: (Resolve | undefined)[] = new Array<Resolve | undefined>(FIRST_CAPACITY);
  /** Each pending command's reject. */
  #rejects: (Reject | undefined)[] = new Array<Reject | undefined>(FIRST_CAPACITY);
  /** Each pending command's reply encoding. */
  #encodings: (BufferEncoding | null)[] = new Array<BufferEncoding | null>(FIRST_CAPACITY);
  /** Each pending command's pub/sub confirmations still to come: 0 for any other command. */
  #confirmations: number[] = new Array<number>(FIRST_CAPACITY).fill(0);
  /** The slot of the oldest command. */
  #head = 0;
  /** How many commands are pending. */
  #size = 0;
  /** The rings' length minus one: they are a power of two long. */
  #mask = FIRST_CAPACITY - 1;

  /** How many commands wait for a reply. */
  get size(): number {
    return this.#size;
  }

  /** The reply encoding of the oldest command; `undefined` when none waits. */
  get headEncoding(): BufferEncoding | null | undefined {
    return this.#size === 0 ? undefined : this.#encodings[this.#head];
  }

  /** The pub/sub confirmations the oldest command still waits for: 0 for an ordinary command or none. */
  get headConfirmations(): number {
    return this.#size === 0 ? 0 : (this.#confirmations[this.#head] as number);
  }

  /** Adds a command: `confirmations` is 0 for an ordinary command, the number of channels for a pub/sub one. */
  push(resolve: Resolve, reject: Reject, encoding: BufferEncoding | null, confirmations: number): void {
    if (this.#size > this.#mask) this.#grow();
    const slot = (this.#head + this.#size) & this.#mask;
    this.#resolves[slot] = resolve;
    this.#rejects[slot] = reject;
    this.#encodings[slot] = encoding;
    this.#confirmations[slot] = confirmations;
    this.#size += 1;
  }

  /** Counts one confirmation off the oldest command; returns how many it still waits for. */
  confirm(): number {
    const left = (this.#confirmations[this.#head] as number) - 1;
    this.#confirmations[this.#head] = left;
    return left;
  }

  /** Removes the oldest command and resolves it with `value`; does nothing when none waits. */
  resolve(value: unknown): void {
    if (this.#size === 0) return;
    const resolve = this.#resolves[this.#head] as Resolve;
    this.#shift();
    resolve(value);
  }

  /** Removes the oldest command and rejects it with `error`; does nothing when none waits. */
  reject(error: Error): void {
    if (this.#size === 0) return;
    const reject = this.#rejects[this.#head] as Reject;
    this.#shift();
    reject(error);
  }

  /** Removes every command and rejects each with `error`, oldest first. */
  rejectAll(error: Error): void {
    while (this.#size > 0) this.reject(error);
  }

  /** Clears the oldest slot, so that nothing it held is kept alive, and moves the head on. */
  #shift(): void {
    const head = this.#head;
    this.#resolves[head] = undefined;
    this.#rejects[head] = undefined;
    this.#confirmations[head] = 0;
    this.#head = (head + 1) & this.#mask;
    this.#size -= 1;
  }

  /** Doubles the rings, the pending commands moved to the start in order. */
  #grow(): void {
    const capacity = (this.#mask + 1) * 2;
    const head = this.#head;
    const mask = this.#mask;
    const size = this.#size;
    this.#resolves = unrolled(this.#resolves, head, size, mask, capacity, undefined);
    this.#rejects = unrolled(this.#rejects, head, size, mask, capacity, undefined);
    this.#encodings = unrolled(this.#encodings, head, size, mask, capacity, null);
    this.#confirmations = unrolled(this.#confirmations, head, size, mask, capacity, 0);
    this.#head = 0;
    this.#mask = capacity - 1;
  }
}

/** The `size` entries of a ring from `head` on, at the start of a new ring of `capacity` filled with `empty`. */
function unrolled<T>(ring: T[], head: number, size: number, mask: number, capacity: number, empty: T): T[] {
  const grown = new Array<T>(capacity).fill(empty);
  for (let i = 0; i < size; i += 1) grown[i] = ring[(head + i) & mask] as T;
  return grown;
}
