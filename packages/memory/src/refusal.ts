import { exists } from '@ioredis/commands';
import { ReplyError } from 'aioredis-abc-kit';
import { unknownCommand } from './reply.js';

/**
 * The double's refusal of a command it does not run. A command Redis has
 * (by `@ioredis/commands`' list) is refused in the double's own words, naming
 * the way to a real server; any other gets Redis's own `ERR unknown command`.
 */
export function refusal(name: string, args: readonly Buffer[]): ReplyError {
  if (name.includes('|') || !exists(name.toLowerCase())) return unknownCommand(name, args);
  return new ReplyError(
    `ERR the in-memory double (aioredis-abc-memory) does not run ${name}, which Redis has: run this test against a real redis-server, as startRedisServer() from aioredis-abc-conformance starts one`,
  );
}
