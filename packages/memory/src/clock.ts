/** Where a `MemoryServer` reads the time from: milliseconds since the Unix epoch, as `Date.now()` gives them. */
export interface Clock {
  /** The current time in milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock: `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };
