// The benches' knobs: environment variables read as positive integers.

/** The value of environment variable `name` as a positive integer, `fallback` when unset; exits with a message otherwise. */
export function positiveInteger(name, fallback) {
  const text = process.env[name];
  if (text === undefined) return fallback;
  if (/^[1-9]\d*$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  console.error(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
  process.exit(1);
}
