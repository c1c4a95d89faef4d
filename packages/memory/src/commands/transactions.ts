import { ok } from '../reply.js';
import type { CommandTable } from './command.js';

/** The transaction command that queues inside MULTI; MULTI, EXEC, DISCARD and WATCH are the connection's own. */
export const transactions: CommandTable = {
  UNWATCH: {
    arity: 1,
    run(context) {
      context.unwatch();
      return ok();
    },
  },
};
