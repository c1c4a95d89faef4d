// packages/memory/test/differential/sides.mjs: what runs a sequence: a real redis-server, the memory double, and ioredis-mock, each behind the same small interface.
import { connect as connectIoredis } from 'aioredis-abc-ioredis';
import { ReplyError } from 'aioredis-abc-kit';
import { MemoryServer } from 'aioredis-abc-memory';
import RedisMock from 'ioredis-mock';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Commands whose reply Redis gives in no set order: compared as sorted lists. */
const unordered = new Set(['SMEMBERS', 'SINTER', 'SUNION', 'SDIFF', 'KEYS', 'COMMAND', 'PUBSUB CHANNELS', 'PUBSUB SHARDCHANNELS']);

/** The name a reply is normalized by: `PUBSUB` with its subcommand, whose listings come in no set order and whose counts do. */
function labelOf(name, args) {
  return name === 'PUBSUB' && args.length > 0 ? `PUBSUB ${Buffer.from(args[0]).toString('latin1').toUpperCase()}` : name;
}

/** Commands whose positive reply depends on when it ran: compared within a tolerance (seconds or ms). */
const approximate = { TTL: 1, EXPIRETIME: 1, PTTL: 1000, PEXPIRETIME: 1000 };

/** A reply as plain data: bytes as `$` and their latin1 text, errors as their class and message. */
function plain(reply) {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'string') return `$${Buffer.from(reply).toString('latin1')}`;
  if (reply instanceof Uint8Array) return `$${Buffer.from(reply).toString('latin1')}`;
  if (Array.isArray(reply)) return reply.map(plain);
  if (reply instanceof Error) return { error: `${reply.name}: ${reply.message}` };
  return Object.entries(reply).flatMap(([field, value]) => [plain(field), plain(value)]);
}

/** Whether `ms` is a time of today, as the clock gives it (not an ID or count a sequence chose). */
const isNow = (ms) => Math.abs(ms - Date.now()) < 86_400_000;

/**
 * A stream reply with its times made comparable: an ID `*` made reads as
 * `<time>-id` (each side's clock gave its own), a timestamp as `<time>`,
 * and an idle time (XPENDING's, XINFO CONSUMERS') within 10 s: the real
 * server's grows with the steps between, which a loaded machine slows.
 */
function streamTimes(value) {
  if (typeof value === 'string') return /^\$\d+-\d+$/.test(value) && isNow(Number(value.slice(1).split('-')[0])) ? '$<time>-id' : value;
  if (typeof value === 'number') return isNow(value) ? '<time>' : value;
  if (!Array.isArray(value)) return value;
  const pendingEntry = value.length === 4 && typeof value[0] === 'string' && typeof value[2] === 'number';
  return value.map((item, i) => {
    if (((pendingEntry && i === 2) || value[i - 1] === '$idle') && typeof item === 'number') return { about: item, within: 10_000 };
    return streamTimes(item);
  });
}

/** FUNCTION LIST's libraries, and each one's functions, sorted: Redis lists them in its hash tables' order. */
function sortLibraries(libraries) {
  const byJson = (a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
  return libraries.map((library) => (Array.isArray(library) ? library.map((item) => (Array.isArray(item) ? [...item].sort(byJson) : item)) : library)).sort(byJson);
}

/** A reply as the comparison sees it, for the command that gave it. */
function normalize(name, reply, start) {
  const value = name.startsWith('X') ? streamTimes(plain(reply)) : plain(reply);
  if (unordered.has(name) && Array.isArray(value)) return [...value].sort();
  if (name in randomReplies && value !== null && !value?.error) return { random: Array.isArray(value) ? value.length : 'one' };
  if (name === 'CONFIG' && Array.isArray(value)) return value.flatMap((item, i) => (i % 2 === 0 ? [`${item}=${value[i + 1]}`] : [])).sort();
  if (name === 'TIME' && Array.isArray(value)) return [{ about: Number(value[0].slice(1)) - Math.floor(start / 1000), within: 10 }, 'microseconds'];
  if (name === 'FUNCTION' && Array.isArray(value)) return sortLibraries(value);
  if (name === 'SCAN' && Array.isArray(value)) return 'a SCAN page (its content is compared by the scan step)';
  if (name === 'SSCAN' && Array.isArray(value) && Array.isArray(value[1])) return [value[0], [...value[1]].sort()];
  if (name in approximate && typeof value === 'number' && value >= 0) return { about: value, within: approximate[name] };
  return value;
}

/** What a random reply is drawn from, read on the admin connection just before: a set's members, a hash's fields and values, or every key. */
async function randomSubject(admin, name, key) {
  const read = async (...args) => {
    try {
      return plain(await admin.execute(...args));
    } catch (error) {
      return plain(error);
    }
  };
  if (name === 'RANDOMKEY') return read('KEYS', '*');
  if (name === 'HRANDFIELD') return read('HGETALL', key);
  return read('SMEMBERS', key);
}

/** Whether every item is one of `pool`, and (when `distinct`) none repeats. */
const drawnFrom = (items, pool, distinct) => items.every((item) => pool.includes(item)) && (!distinct || new Set(items).size === items.length);

/** A count reply of SRANDMEMBER, HRANDFIELD or SPOP as what any valid answer has in common: how many, and whether each was one Redis could give. */
function randomCount(reply, pool, count, repeats) {
  if (!Array.isArray(reply) || !Array.isArray(pool)) return reply;
  return { drawn: reply.length, valid: drawnFrom(reply, pool, !repeats), expected: repeats ? (pool.length === 0 ? 0 : Math.abs(count)) : Math.min(count, pool.length) };
}

/**
 * The commands whose replies are random, each compared as what any answer
 * Redis could give has in common: a member of the set (or key, or field)
 * they were drawn from, distinct when Redis draws distinct ones, and how
 * many. The admin connection reads what they draw from just before.
 */
const randomReplies = {
  RANDOMKEY: (reply, keys) => (reply === null ? null : { oneOf: 'the keys', valid: Array.isArray(keys) && keys.includes(reply) }),
  SRANDMEMBER: (reply, members, [, count]) => (count === undefined || !Array.isArray(reply) ? (reply === null || reply?.error ? reply : { oneOf: 'the members', valid: members.includes(reply) }) : randomCount(reply, members, Number(count), Number(count) < 0)),
  SPOP: (reply, members, [, count]) => (count === undefined || !Array.isArray(reply) ? (reply === null || reply?.error ? reply : { oneOf: 'the members', valid: members.includes(reply) }) : randomCount(reply, members, Number(count), false)),
  HRANDFIELD: (reply, pairs, [, count, withValues]) => {
    const fields = Array.isArray(pairs) ? pairs.filter((_, i) => i % 2 === 0) : [];
    if (count === undefined || !Array.isArray(reply)) return reply === null || reply?.error ? reply : { oneOf: 'the fields', valid: fields.includes(reply) };
    const drawn = withValues === undefined ? reply : reply.filter((_, i) => i % 2 === 0);
    const pairsValid = withValues === undefined || drawn.every((field, i) => pairs[pairs.indexOf(field) + 1] === reply[2 * i + 1]);
    return { ...randomCount(drawn, fields, Number(count), Number(count) < 0), pairsValid };
  },
};

/** Whether two normalized replies agree. */
export function agree(left, right) {
  if (left !== null && right !== null && typeof left === 'object' && typeof right === 'object' && 'about' in left && 'about' in right) {
    return Math.abs(left.about - right.about) <= left.within;
  }
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, i) => agree(item, right[i]));
  return JSON.stringify(left) === JSON.stringify(right);
}

/** A sequence's absolute times, resolved against its start. */
function resolveTime(arg, start) {
  if (arg === null || typeof arg !== 'object' || Buffer.isBuffer(arg)) return arg;
  const ms = start + { past: -1e7, future: 1e7, later: 2e7 }[arg.at];
  return String(arg.unit === 's' ? Math.floor(ms / 1000) : ms);
}

/**
 * Runs the steps of a sequence on one side: `clients` are two connections
 * and an admin one that takes `execute(name, ...args)` and resolves or
 * rejects as the contract says; `pass(ms)` lets time pass; `blocked()`
 * resolves once client 0's blocking command (the promise it is given) waits on the side, so that the
 * other client's push comes after it however loaded the machine is.
 */
async function runSteps(steps, clients, pass, start, blocked) {
  const replies = [];
  const queued = [[], []];
  const call = async (client, args) => {
    const [name, ...rest] = args.map((arg) => resolveTime(arg, start));
    try {
      const before = client < 2 && name in randomReplies ? await randomSubject(clients[2], name, rest[0]) : null;
      const reply = await clients[client].execute(name, ...rest);
      if (before !== null && plain(reply) !== '$QUEUED') return randomReplies[name](plain(reply), before, rest);
      if (client < 2 && plain(reply) === '$QUEUED') queued[client].push(name);
      if (client < 2 && name === 'MULTI') queued[client] = [];
      if (name === 'EXEC' && Array.isArray(reply)) return reply.map((item, i) => normalize(queued[client][i], item, start));
      return normalize(labelOf(name, rest), reply, start);
    } catch (error) {
      return plain(error);
    } finally {
      if (client < 2 && ['EXEC', 'DISCARD'].includes(name)) queued[client] = [];
    }
  };
  for (const step of steps) {
    if (step.expireSoon !== undefined) {
      replies.push(await call(2, ['PEXPIRE', step.expireSoon, '2']));
      await pass(5);
    } else if (step.blockThenPush !== undefined) {
      const waiting = call(0, step.blockThenPush.block);
      await blocked(waiting);
      const pushed = await call(1, step.blockThenPush.push);
      replies.push([await waiting, pushed]);
    } else if (step.pubsub !== undefined) {
      // The subscriber's confirmations are the kit's on both sides; what this step is for is what PUBSUB and the publishing commands see after it.
      replies.push(await clients[step.client].executePubsub(...step.pubsub).then(plain, plain));
    } else if (step.publish !== undefined) {
      replies.push(await call(2, step.publish));
    } else if (step.scan !== undefined) {
      const found = new Set();
      let cursor = '0';
      let outcome = null;
      do {
        const args = ['SCAN', cursor, ...(step.scan === null ? [] : ['MATCH', step.scan])];
        try {
          const reply = await clients[step.client].execute(...args);
          if (!Array.isArray(reply)) {
            outcome = plain(reply);
            if (outcome === '$QUEUED') queued[step.client].push('SCAN');
            break;
          }
          cursor = Buffer.from(reply[0]).toString();
          for (const key of reply[1]) found.add(plain(key));
        } catch (error) {
          outcome = plain(error);
          break;
        }
      } while (cursor !== '0');
      replies.push(outcome ?? [...found].sort());
    } else {
      replies.push(await call(step.client, step.args));
    }
  }
  return replies;
}

/**
 * Resolves once the server counts a blocked client (`INFO clients`), asked on
 * the admin connection every millisecond, or once `waiting` (the blocking
 * command) has settled without blocking, or after 10 s: a real server
 * registers a blocking command only once its bytes arrive.
 */
async function untilBlocked(admin, waiting) {
  let settled = false;
  void waiting.finally(() => {
    settled = true;
  });
  const deadline = Date.now() + 10_000;
  while (!settled && Date.now() < deadline) {
    const info = Buffer.from(await admin.execute('INFO', 'clients')).toString('latin1');
    if (/^blocked_clients:[1-9]/m.test(info)) return;
    await sleep(1);
  }
}

/** Closes connections, awaiting each. */
async function closeAll(conns) {
  for (const conn of conns) {
    conn.close();
    await conn.waitClosed();
  }
}

/** The real redis-server at `port`, through the ioredis adapter, bytes in and out. Call `prepare()` once. */
export function redisSide(port) {
  return {
    name: 'redis-server',
    /** Turns off active expiry: keys expire when looked at, as in the double, so DBSIZE and WATCH do not depend on timing. */
    async prepare() {
      const admin = await connectIoredis({ port, encoding: null });
      await admin.execute('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      await closeAll([admin]);
    },
    async run(steps) {
      const clients = [await connectIoredis({ port, encoding: null }), await connectIoredis({ port, encoding: null }), await connectIoredis({ port, encoding: null })];
      try {
        await clients[2].execute('FLUSHALL');
        await clients[2].execute('SCRIPT', 'FLUSH');
        await clients[2].execute('FUNCTION', 'FLUSH');
        return await runSteps(steps, clients, sleep, Date.now(), (waiting) => untilBlocked(clients[2], waiting));
      } finally {
        await closeAll(clients);
      }
    },
  };
}

/** The memory double, on a server of its own for each sequence, whose clock the steps move instead of sleeping. */
export function memorySide() {
  return {
    name: 'memory',
    async run(steps) {
      let moved = 0;
      const server = new MemoryServer({ clock: { now: () => Date.now() + moved } });
      const clients = [await server.connect({ encoding: null }), await server.connect({ encoding: null }), await server.connect({ encoding: null })];
      try {
        const pass = async (ms) => {
          moved += ms;
        };
        return await runSteps(steps, clients, pass, Date.now(), (waiting) => untilBlocked(clients[2], waiting));
      } finally {
        await closeAll(clients);
      }
    },
  };
}

/**
 * ioredis-mock as a connection, as charitably as it allows: each command is
 * the mock's method of that name (its `...Buffer` form when it supports one),
 * MULTI...EXEC is its `multi()` (WATCH goes straight to it), and a method it
 * lacks throws Redis's own unknown-command error. Errors become the kit's
 * `ReplyError`, as the adapters' do.
 */
class MockClient {
  #redis;
  #queue = null;
  #crashed;

  constructor(redis, crashed) {
    this.#redis = redis;
    this.#crashed = crashed;
  }

  /**
   * The mock's reply, or a ReplyError saying it crashed (its blocking XREAD
   * throws from a timer on a key of another type) or never answered (a
   * blocking read it does not time out): 5 s, fifty times the longest BLOCK
   * a sequence gives.
   */
  async execute(name, ...args) {
    let timer = null;
    const silent = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new ReplyError(`ioredis-mock did not answer ${name} within 5 s`)), 5_000);
    });
    try {
      return await Promise.race([this.#execute(name, ...args), this.#crashed, silent]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #execute(name, ...args) {
    const lower = name.toLowerCase();
    if (lower === 'multi') {
      if (this.#queue !== null) throw new ReplyError('ERR MULTI calls can not be nested');
      this.#queue = [];
      return 'OK';
    }
    if (lower === 'exec' || lower === 'discard') {
      const queue = this.#queue;
      this.#queue = null;
      if (queue === null) throw new ReplyError(`ERR ${name} without MULTI`);
      if (lower === 'discard') return 'OK';
      const results = await this.#redis.multi(queue).exec();
      if (results === null) return null;
      const errors = results.filter(([error]) => error);
      if (errors.length > 0) throw new ReplyError(String(errors[0][0].message));
      return results.map(([, result]) => result);
    }
    if (this.#queue !== null && lower !== 'watch') {
      this.#queue.push([lower, ...args]);
      return 'QUEUED';
    }
    if (typeof this.#redis[lower] !== 'function') throw new ReplyError(`ERR unknown command '${name}', with args beginning with: ${args.map((arg) => `'${arg}' `).join('')}`);
    try {
      return await this.#call(`${lower}Buffer`, args).catch((error) => {
        if (error instanceof Error && error.message.startsWith('Unsupported command')) return this.#call(lower, args);
        throw error;
      });
    } catch (error) {
      throw new ReplyError(error instanceof Error ? error.message : String(error));
    }
  }

  /** Calls the mock's method of that name; an unsupported one rejects. */
  async #call(method, args) {
    const run = this.#redis[method];
    if (typeof run !== 'function') throw new Error(`Unsupported command: ${method}`);
    return run.call(this.#redis, ...args);
  }

  close() {
    this.#redis.disconnect();
  }

  async waitClosed() {}
}

/** ioredis-mock, 8.13.1: one mock "server" per sequence (instances with the same port share data), on the real clock. */
export function ioredisMockSide() {
  let run = 0;
  return {
    name: 'ioredis-mock',
    async run(steps) {
      run += 1;
      const options = { port: 20000 + run, lazyConnect: false };
      let crash = null;
      const crashed = new Promise((resolve, reject) => {
        crash = (error) => reject(new ReplyError(`ioredis-mock crashed: ${error instanceof Error ? error.message : String(error)}`));
      });
      crashed.catch(() => {});
      process.on('uncaughtException', crash);
      const clients = [0, 1, 2].map(() => new MockClient(new RedisMock(options), crashed));
      try {
        await clients[2].execute('FLUSHALL');
        // ioredis-mock counts no blocked clients; it runs in this process, so a pause lets its blocking command start first.
        return await runSteps(steps, clients, sleep, Date.now(), () => sleep(5));
      } finally {
        await closeAll(clients);
        process.off('uncaughtException', crash);
      }
    },
  };
}
