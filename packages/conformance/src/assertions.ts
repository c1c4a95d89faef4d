import assert from 'node:assert/strict';

/** Whether the promise is still pending after `ms` milliseconds: for "this waits". */
export async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  const settled = promise.then(
    () => 'settled' as const,
    () => 'settled' as const,
  );
  try {
    return (await Promise.race([settled, elapsed])) === 'pending';
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that the promise rejects with an `Error` whose `name` is one of `names`, and returns the error. */
export async function rejectsWith(promise: Promise<unknown>, ...names: string[]): Promise<Error> {
  let outcome: { readonly value: unknown } | undefined;
  try {
    outcome = { value: await promise };
  } catch (error) {
    assert.ok(error instanceof Error, `rejected with ${String(error)}, not an Error`);
    assert.ok(names.includes(error.name), `rejected with ${error.name}: ${error.message}; expected ${names.join(' or ')}`);
    return error;
  }
  assert.fail(`resolved with ${String(outcome.value)}; expected a rejection with ${names.join(' or ')}`);
}

/** Waits until `condition()` holds, checking every 10 ms; fails after `ms`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${what}: still not so after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The bytes of a reply as a Buffer, or a failure when the reply is not bytes: tells bytes from text. */
export function bytes(value: unknown): Buffer {
  assert.ok(value instanceof Uint8Array, `expected bytes, got ${typeof value}: ${String(value)}`);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
