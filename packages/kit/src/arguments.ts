// examples/arguments.ts: checks and splits what callers pass to execute() and executePubsub().
import type {
  AbcChannel,
  ChannelName,
  CommandArg,
  CommandName,
  ExecuteArgs,
  ExecuteOptions,
  PubsubKind,
} from 'aioredis-abc';

/** A command split into its upper-case name, its arguments and its options. */
export interface CommandCall {
  readonly name: string;
  readonly args: readonly CommandArg[];
  readonly options: ExecuteOptions | undefined;
}

function isExecuteOptions(value: CommandArg | ExecuteOptions): value is ExecuteOptions {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array);
}

function isCommandArg(value: CommandArg | ExecuteOptions): value is CommandArg {
  return typeof value === 'string' || typeof value === 'number' || value instanceof Uint8Array;
}

/**
 * Splits `execute()`'s arguments. Throws a `TypeError` that names the command
 * and the position for what the types refuse but a JavaScript caller can pass:
 * `null`, `undefined`, or anything else that is not an argument.
 */
export function splitCommand(command: CommandName, given: ExecuteArgs): CommandCall {
  const name = (typeof command === 'string' ? command : new TextDecoder().decode(command)).toUpperCase();
  const last = given[given.length - 1];
  const options = last !== undefined && isExecuteOptions(last) ? last : undefined;
  const args = options ? given.slice(0, -1) : given;
  const refused = args.findIndex((arg) => !isCommandArg(arg));
  if (refused >= 0) {
    throw new TypeError(`${name}: argument ${refused + 1} is ${String(args[refused])}; arguments are strings, bytes or numbers`);
  }
  return { name, args: args.filter(isCommandArg), options };
}

const kinds: readonly PubsubKind[] = ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'];

/** The kind of a pub/sub command, in any case; a `TypeError` for any other command. */
export function pubsubKind(command: string): PubsubKind {
  const kind = kinds.find((value) => value === command.toLowerCase());
  if (kind === undefined) throw new TypeError(`${command} is not a pub/sub command: use SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE or PUNSUBSCRIBE`);
  return kind;
}

export function isChannelName(target: ChannelName | AbcChannel): target is ChannelName {
  return typeof target === 'string' || target instanceof Uint8Array;
}

/** The channel itself when it is a plain one; a `TypeError` for a pattern channel, which a JavaScript caller can pass. */
export function plainChannel(channel: AbcChannel): AbcChannel<false> {
  if (channel.isPattern === false) return channel;
  throw new TypeError(`channel ${String(channel.name)} is a pattern channel: subscribe to it with PSUBSCRIBE`);
}

/** The channel itself when it is a pattern one; a `TypeError` for a plain channel, which a JavaScript caller can pass. */
export function patternChannel(channel: AbcChannel): AbcChannel<true> {
  if (channel.isPattern === true) return channel;
  throw new TypeError(`channel ${String(channel.name)} is a plain channel: subscribe to it with SUBSCRIBE`);
}

/** The key of a channel name in the pub/sub dictionaries: the name, or its UTF-8 decoding. */
export function keyOf(name: ChannelName): string {
  return typeof name === 'string' ? name : new TextDecoder().decode(name);
}
