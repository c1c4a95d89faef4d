import { exists } from '@ioredis/commands';
import { ReplyError } from 'aioredis-abc-kit';
import { unknownCommand } from './reply.js';

/** The double's refusal of what Redis does but it does not (`what`, such as a command's name), naming the way to a real server. */
export function notRun(what: string): ReplyError {
  return new ReplyError(
    `ERR the in-memory double (aioredis-abc-memory) does not run ${what}, which Redis has: run this test against a real redis-server, as startRedisServer() from aioredis-abc-conformance starts one`,
  );
}

/**
 * The double's refusal of a command it does not run. A command Redis has
 * (by `@ioredis/commands`' list) is refused in the double's own words; any
 * other gets Redis's own `ERR unknown command`.
 */
export function refusal(name: string, args: readonly Buffer[]): ReplyError {
  return exists(name.toLowerCase()) ? notRun(name) : unknownCommand(name, args);
}
