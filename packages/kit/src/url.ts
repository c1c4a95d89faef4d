// Redis addresses as users write them: redis://, rediss:// and unix:// URLs.

/** What a URL says: the address, the credentials and the options of its query. */
export interface UrlParts {
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly tls?: true;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly name?: string;
  readonly encoding?: string;
  readonly connectTimeout?: number;
  readonly maxsize?: number;
}

/** The query options a URL may carry, and how each is read. */
const queryOptions: Readonly<Record<string, (value: string) => Partial<Record<keyof UrlParts, string | number>>>> = {
  db: (value) => ({ db: decimal('db', value) }),
  password: (value) => ({ password: value }),
  username: (value) => ({ username: value }),
  name: (value) => ({ name: value }),
  encoding: (value) => ({ encoding: value }),
  timeout: (value) => ({ connectTimeout: seconds(value) }),
  maxsize: (value) => ({ maxsize: decimal('maxsize', value) }),
};

function refuse(part: string, why: string): TypeError {
  return new TypeError(`invalid Redis URL: ${part} ${why}`);
}

/** A non-negative decimal integer without leading zeros, as aioredis reads a db. */
function decimal(part: string, value: string): number {
  if (!/^(0|[1-9]\d*)$/.test(value)) throw refuse(part, `must be a non-negative decimal integer, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** A timeout in seconds, as aioredis's `timeout` query option, in milliseconds. */
function seconds(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw refuse('timeout', `must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return Math.round(parsed * 1000);
}

function decoded(part: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw refuse(part, 'is not valid percent-encoding');
  }
}

/** The query's options, each at most once and not empty; an unknown one is refused by name. */
function query(url: URL): Record<string, string | number> {
  const options: Record<string, string | number> = {};
  const seen = new Set<string>();
  for (const [key, value] of url.searchParams) {
    const read = queryOptions[key];
    if (read === undefined) throw refuse(`query option ${JSON.stringify(key)}`, `is unknown: the query options are ${Object.keys(queryOptions).join(', ')}`);
    if (seen.has(key)) throw refuse(`query option ${key}`, 'is given twice');
    if (value === '') throw refuse(`query option ${key}`, 'is empty');
    seen.add(key);
    Object.assign(options, read(value));
  }
  return options;
}

/** Puts `value` under `key` unless the URL already gave it another way. */
function once(options: Record<string, string | number>, key: string, value: string | number | undefined, where: string): void {
  if (value === undefined) return;
  if (options[key] !== undefined) throw refuse(key, `is given both ${where} and in the query`);
  options[key] = value;
}

/**
 * Reads `redis://[user[:password]@]host[:port][/db][?options]`,
 * `rediss://…` (the same over TLS) and `unix:///path[?options]`. The query
 * options are `db`, `password`, `username`, `name` (the client name),
 * `encoding`, `timeout` (the connect timeout, in seconds, as aioredis) and
 * `maxsize` (for a pool). Throws a `TypeError` that names the part that is
 * wrong; a password is never in it.
 */
export function parseRedisUrl(text: string): UrlParts {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('the URL', 'cannot be parsed: write redis://host:port/db, rediss://… or unix:///path');
  }
  const options = query(url);
  if (url.protocol === 'unix:') {
    if (url.host !== '' || url.username !== '' || url.password !== '') throw refuse('a unix:// URL', 'has no host or credentials: write unix:///path?password=…');
    if (url.pathname === '' || url.pathname === '/') throw refuse('the path', 'is missing');
    return { ...options, path: decoded('the path', url.pathname) };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw refuse('the scheme', `must be redis:, rediss: or unix:, not ${JSON.stringify(url.protocol)}`);
  if (url.hostname === '') throw refuse('the host', 'is missing');
  const db = url.pathname.replace(/^\//, '');
  once(options, 'db', db === '' ? undefined : decimal('db', db), 'in the path');
  once(options, 'username', url.username === '' ? undefined : decoded('the user name', url.username), 'before @');
  once(options, 'password', url.password === '' ? undefined : decoded('the password', url.password), 'before @');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    ...options,
    host,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    ...(url.protocol === 'rediss:' ? { tls: true as const } : {}),
  };
}
