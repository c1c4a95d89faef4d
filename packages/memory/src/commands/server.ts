import { status, wrongArity } from '../reply.js';
import { arg, type CommandTable } from './command.js';

/** The commands about the connection and the server rather than keys. */
export const server: CommandTable = {
  PING: {
    arity: -1,
    run(context, args) {
      if (args.length > 1) throw wrongArity('ping');
      if (context.inPubsub) return [Buffer.from('pong'), args[0] ?? Buffer.alloc(0)];
      return args[0] ?? status('PONG');
    },
  },
  ECHO: { arity: 2, run: (_context, args) => arg(args, 0) },
};
