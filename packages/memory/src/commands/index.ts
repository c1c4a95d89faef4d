import { admin } from './admin.js';
import type { CommandTable } from './command.js';
import { commandInfo } from './command-info.js';
import { config } from './config.js';
import { hashExtras } from './hash-extras.js';
import { info } from './info.js';
import { listExtras } from './list-extras.js';
import { object } from './object.js';
import { setExtras } from './set-extras.js';
import { sortedSetCombine } from './sorted-set-combine.js';
import { stringExtras } from './string-extras.js';
import { hashes } from './hashes.js';
import { keys } from './keys.js';
import { lists } from './lists.js';
import { pubsub } from './pubsub.js';
import { functions } from './functions.js';
import { scripting } from './scripting.js';
import { pingEcho } from './ping-echo.js';
import { sets } from './sets.js';
import { sortedSets } from './sorted-sets.js';
import { streams } from './streams.js';
import { strings } from './strings.js';
import { transactions } from './transactions.js';

/** Every command the double runs, by group, as the README's table lists them. MULTI, EXEC, DISCARD and WATCH are the connection's own. */
export const groups: Readonly<Record<string, CommandTable>> = {
  transactions,
  server: pingEcho,
  publishing: pubsub,
  keys: { ...keys, ...object },
  strings: { ...strings, ...stringExtras },
  hashes: { ...hashes, ...hashExtras },
  lists: { ...lists, ...listExtras },
  sets: { ...sets, ...setExtras },
  'sorted sets': { ...sortedSets, ...sortedSetCombine },
  streams,
  scripting: { ...scripting, ...functions },
  'server and replication': { ...admin, ...info, ...config, ...commandInfo },
};

/** Every command the double runs, by upper-case name. */
export const commands: CommandTable = Object.assign({}, ...Object.values(groups));

export { type Command, type CommandTable, type Context, type End, type Subscriber } from './command.js';
