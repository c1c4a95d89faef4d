import type { CaseGroup } from '../case.js';
import { channels } from './channels.js';
import { commands } from './commands.js';
import { connection } from './connection.js';
import { errors } from './errors.js';
import { faults } from './faults.js';
import { iteration } from './iteration.js';
import { pool } from './pool.js';
import { pubsub } from './pubsub.js';

/** Every case of the suite, by group, in the order they run. */
export const groups: readonly CaseGroup[] = [channels, iteration, commands, connection, pubsub, pool, errors, faults];
