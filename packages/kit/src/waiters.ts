// Callers waiting in line for something, each for a limited time.

/** One caller waiting: it takes what it waited for, or hears why not. */
export interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * Waits in `list` to be served, for `ms` at most (`null`: no limit): then the
 * waiter leaves the list and rejects with the error `late(ms)` makes at that
 * moment.
 */
export function waitIn<T>(list: Waiter<T>[], ms: number | null, late: (ms: number) => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    if (ms === null) {
      list.push({ resolve, reject });
      return;
    }
    const waiter: Waiter<T> = {
      resolve: (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    };
    const timer = setTimeout(() => {
      const index = list.indexOf(waiter);
      if (index >= 0) list.splice(index, 1);
      reject(late(ms));
    }, ms);
    list.push(waiter);
  });
}
