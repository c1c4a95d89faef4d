import { ReplyError, replyError } from 'aioredis-abc-kit';
import { integerArg, readInteger } from '../numbers.js';
import { ok, syntaxError, type RawReply } from '../reply.js';
import { notRun } from '../refusal.js';
import { redisSubcommands } from '../redis-subcommands.js';
import { arg, bytesOf, isWord, text, type Command, type CommandTable } from './command.js';
import { randomIndex } from './random.js';

/** Redis's reply to a cluster command on a server without cluster mode, as the double is. */
const noCluster = (): ReplyError => new ReplyError('ERR This instance has cluster support disabled');

/** A command that answers only Redis's no-cluster error. */
const clusterOnly = (arity: number): Command => ({
  arity,
  run: () => {
    throw noCluster();
  },
});

/** The Redis version the double answers as, in LOLWUT and INFO. */
export const redisVersion = '7.0.15';

/** FAILOVER's options, checked as Redis does; a server with no replica (the double) then refuses. */
function failover(args: readonly Buffer[]): never {
  if (args.length === 1 && isWord(args[0], 'ABORT')) throw new ReplyError('ERR No failover in progress.');
  const seen = { timeout: false, to: false, force: false };
  for (let index = 0; index < args.length; index += 1) {
    if (isWord(args[index], 'TIMEOUT') && index + 1 < args.length && !seen.timeout) {
      if (integerArg(arg(args, ++index)) <= 0n) throw new ReplyError('ERR FAILOVER timeout must be greater than 0');
      seen.timeout = true;
    } else if (isWord(args[index], 'TO') && index + 2 < args.length && !seen.to) {
      integerArg(arg(args, index + 2));
      index += 2;
      seen.to = true;
    } else if (isWord(args[index], 'FORCE') && !seen.force) seen.force = true;
    else throw syntaxError();
  }
  throw new ReplyError('ERR FAILOVER requires connected replicas.');
}

/** REPLCONF's option pairs, as a normal client's; ACK and GETACK, which Redis never answers, are the double's refusal. */
function replconf(args: readonly Buffer[]): RawReply {
  if (args.length % 2 === 1) throw syntaxError();
  for (let index = 0; index < args.length; index += 2) {
    const [option, value] = [text(arg(args, index)).toLowerCase(), arg(args, index + 1)];
    if (option === 'listening-port') integerArg(value);
    else if (option === 'ip-address' && value.length >= 256) throw new ReplyError(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
    else if (option === 'rdb-only') {
      const flag = integerArg(value);
      if (flag < 0n || flag > 1n) throw new ReplyError('ERR value is out of range, value must between 0 and 1');
    } else if (option === 'ack' || option === 'getack') throw notRun(`REPLCONF ${option.toUpperCase()}`);
    else if (option !== 'ip-address' && option !== 'capa') throw new ReplyError(`ERR Unrecognized REPLCONF option: ${text(arg(args, index))}`);
  }
  return ok();
}

/** REPLICAOF and SLAVEOF: `NO ONE` keeps the double a master; a master to follow is the double's refusal, once the port is checked. */
function replicaof(name: string): Command {
  return {
    arity: 3,
    note: '`NO ONE` as Redis; a master to follow is refused in the double\'s words, as it has no replication',
    run(_context, args) {
      if (isWord(args[0], 'NO') && isWord(args[1], 'ONE')) return ok();
      const port = readInteger(arg(args, 1));
      if (port === null || port < 0n || port > 65535n) throw new ReplyError('ERR Invalid master port');
      throw notRun(`${name} <host> <port>`);
    },
  };
}

/** The server commands the double adds to its first ones: time, saving, roles, replication and cluster answers of a lone master. */
export const admin: CommandTable = {
  TIME: {
    arity: 1,
    note: "the time of the double's clock",
    run({ db }) {
      const ms = db.clock.now();
      return [Buffer.from(String(Math.floor(ms / 1000))), Buffer.from(String(Math.floor((ms % 1000) * 1000)))];
    },
  },
  LASTSAVE: { arity: 1, note: 'the double\'s creation, or its last SAVE or BGSAVE, by its clock', run: (context) => context.server.lastSave },
  SAVE: {
    arity: 1,
    run(context) {
      context.server.lastSave = Math.floor(context.db.clock.now() / 1000);
      return ok();
    },
  },
  BGSAVE: {
    arity: -1,
    note: "it saves nothing and has no child process, so it always starts; LASTSAVE then says now",
    run(context, args) {
      if (args.length > 1 || (args.length === 1 && !isWord(args[0], 'SCHEDULE'))) throw syntaxError();
      context.server.lastSave = Math.floor(context.db.clock.now() / 1000);
      return Buffer.from('Background saving started');
    },
  },
  BGREWRITEAOF: { arity: 1, run: () => Buffer.from('Background append only file rewriting started') },
  ROLE: { arity: 1, run: () => [Buffer.from('master'), 0, []] },
  FAILOVER: { arity: -1, run: (_context, args) => failover(args) },
  REPLCONF: { arity: -1, note: '`ACK` and `GETACK`, which Redis never answers a client, are refused in the double\'s words', run: (_context, args) => replconf(args) },
  REPLICAOF: replicaof('REPLICAOF'),
  SLAVEOF: replicaof('SLAVEOF'),
  ASKING: clusterOnly(1),
  READONLY: clusterOnly(1),
  READWRITE: clusterOnly(1),
  CLUSTER: { ...clusterOnly(-2), subcommands: redisSubcommands.CLUSTER },
  AUTH: {
    arity: -2,
    run(_context, args) {
      if (args.length > 2) throw syntaxError();
      if (args.length === 2) throw replyError('WRONGPASS invalid username-password pair or user is disabled.');
      throw replyError('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
    },
  },
  QUIT: {
    arity: -1,
    note: "`OK`, then the connection ends as when a server closes it",
    run(context) {
      context.quit();
      return ok();
    },
  },
  LOLWUT: {
    arity: -1,
    note: "`VERSION 5` and `6`, Redis's random art, are refused in the double's words",
    run(_context, args) {
      if (args.length >= 2 && isWord(args[0], 'VERSION')) {
        const version = BigInt.asUintN(32, integerArg(arg(args, 1)));
        if (version === 5n || version === 6n) throw notRun('LOLWUT VERSION 5 and 6');
      }
      return Buffer.from(`Redis ver. ${redisVersion}\n`);
    },
  },
  RANDOMKEY: {
    arity: 1,
    note: "a random key, any Redis could give",
    run({ db }) {
      const keys = db.keys(false);
      return keys.length === 0 ? null : bytesOf(keys[randomIndex(keys.length)] ?? '');
    },
  },
};
