import { status, wrongArity } from '../reply.js';
import { arg, type CommandTable } from './command.js';

/** PING and ECHO: the commands that only answer, about no key (the README's group "server"). */
export const pingEcho: CommandTable = {
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
