import type { CommandTable } from './command.js';
import { hashes } from './hashes.js';
import { keys } from './keys.js';
import { lists } from './lists.js';
import { functions } from './functions.js';
import { scripting } from './scripting.js';
import { server } from './server.js';
import { sets } from './sets.js';
import { sortedSets } from './sorted-sets.js';
import { strings } from './strings.js';
import { transactions } from './transactions.js';

/** Every command the double runs, by group, as the README's table lists them. MULTI, EXEC, DISCARD and WATCH are the connection's own. */
export const groups: Readonly<Record<string, CommandTable>> = {
  transactions,
  server,
  keys,
  strings,
  hashes,
  lists,
  sets,
  'sorted sets': sortedSets,
  scripting: { ...scripting, ...functions },
};

/** Every command the double runs, by upper-case name. */
export const commands: CommandTable = Object.assign({}, ...Object.values(groups));

export { type Command, type CommandTable, type Context, type End } from './command.js';
