import { randomBytes } from 'node:crypto';
import { arch, platform, release } from 'node:os';
import { databases } from '../keyspace.js';
import { redisVersion } from './admin.js';
import { text, type CommandTable, type Context } from './command.js';

/** The ID INFO gives the double's "process", made once as Redis makes its `run_id` at start. */
const runId = randomBytes(20).toString('hex');
/** The replication ID of a master that never had a replica. */
const replicationId = randomBytes(20).toString('hex');

/** One INFO section: its fields, in Redis's order, from what the double knows. */
type Section = (context: Context) => readonly (readonly [string, string | number])[];

/** INFO's sections, in Redis's order, but `stats`, `commandstats` and `latencystats`, whose counters the double does not keep. */
const sections: Readonly<Record<string, Section>> = {
  server: ({ server, db }) => {
    const uptime = Math.floor((db.clock.now() - server.startedAt) / 1000);
    return [
      ['redis_version', redisVersion],
      ['redis_mode', 'standalone'],
      ['os', `${platform() === 'linux' ? 'Linux' : platform()} ${release()} ${arch()}`],
      ['arch_bits', 64],
      ['process_id', process.pid],
      ['run_id', runId],
      ['tcp_port', 0],
      ['server_time_usec', Math.floor(db.clock.now() * 1000)],
      ['uptime_in_seconds', uptime],
      ['uptime_in_days', Math.floor(uptime / 86400)],
      ['hz', 10],
      ['executable', ''],
      ['config_file', ''],
    ];
  },
  clients: ({ server }) => [
    ['connected_clients', server.clients().connected],
    ['blocked_clients', server.clients().blocked],
  ],
  memory: () => [
    ['used_memory', process.memoryUsage().heapUsed],
    ['maxmemory', 0],
    ['maxmemory_policy', 'noeviction'],
  ],
  persistence: ({ server }) => [
    ['loading', 0],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', server.lastSave],
    ['rdb_last_bgsave_status', 'ok'],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
  ],
  replication: () => [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', replicationId],
    ['master_replid2', '0'.repeat(40)],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
  ],
  cpu: () => [
    ['used_cpu_sys', (process.cpuUsage().system / 1e6).toFixed(6)],
    ['used_cpu_user', (process.cpuUsage().user / 1e6).toFixed(6)],
  ],
  modules: () => [],
  errorstats: () => [],
  cluster: () => [['cluster_enabled', 0]],
  keyspace: ({ server }) => {
    const found: (readonly [string, string])[] = [];
    for (let index = 0; index < databases; index += 1) {
      const database = server.database(index);
      const keys = database.keys(false);
      const expires = keys.filter((key) => database.expiresAt(key) !== null).length;
      if (keys.length > 0) found.push([`db${index}`, `keys=${keys.length},expires=${expires},avg_ttl=0`]);
    }
    return found;
  },
};

/** The sections an INFO call names: `all`, `everything` and `default` (or none) name every one; an unknown one adds nothing. */
function named(args: readonly Buffer[]): string[] {
  const words = args.map((word) => text(word).toLowerCase());
  if (words.length === 0 || words.some((word) => ['all', 'everything', 'default'].includes(word))) return Object.keys(sections);
  return Object.keys(sections).filter((name) => words.includes(name));
}

/** INFO: Redis's sections and fields, with the values the double has (its clock, its clients, its keys; no figures of a server process it does not have). */
export const info: CommandTable = {
  INFO: {
    arity: -1,
    note: "Redis's sections with the fields the double can fill (version, mode, clients, saving, role, keyspace); memory and CPU are the Node process's",
    run(context, args) {
      const title = (name: string): string => `# ${name === 'cpu' ? 'CPU' : name[0]?.toUpperCase() + name.slice(1)}`;
      const body = named(args).map((name) => [title(name), ...(sections[name]?.(context) ?? []).map(([field, value]) => `${field}:${value}`)].join('\r\n') + '\r\n');
      return Buffer.from(body.join('\r\n'));
    },
  },
};
