import type { CaseGroup } from '../case.js';
import { channels } from './channels.js';
import { clusterKeyspace } from './cluster-keyspace.js';
import { clusterPubsub } from './cluster-pubsub.js';
import { commands } from './commands.js';
import { connection } from './connection.js';
import { deployment } from './deployment.js';
import { errors } from './errors.js';
import { failover } from './failover.js';
import { faults } from './faults.js';
import { isolation } from './isolation.js';
import { iteration } from './iteration.js';
import { pool } from './pool.js';
import { pubsub } from './pubsub.js';
import { sharded } from './sharded.js';
import { streams } from './streams.js';
import { topologies } from './topology.js';

/** Every case of the suite, by group, in the order they run. */
export const groups: readonly CaseGroup[] = [channels, iteration, commands, connection, pubsub, sharded, streams, pool, isolation, deployment, errors, faults, topologies, failover, clusterPubsub, clusterKeyspace];
