// The targets of a pub/sub command, checked: its kind, and each name or channel object.
import type { AbcChannel, AbcPatternChannel, AbcPlainChannel, ChannelName, PubsubKind } from 'aioredis-abc';
import { isWellFormed, pubsubCommands, whatObject } from './arguments.js';

/** The pub/sub kinds, as `pubsubKind()` finds a command's. */
const kinds: readonly PubsubKind[] = ['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe'];

/** The kind of a pub/sub command, in any case; a `TypeError` for any other command. */
export function pubsubKind(command: string): PubsubKind {
  const kind = typeof command === 'string' ? kinds.find((value) => value === command.toLowerCase()) : undefined;
  const given = typeof command === 'string' ? command : whatObject(command);
  if (kind === undefined) throw new TypeError(`${given} is not a pub/sub command: use one of ${pubsubCommands}`);
  return kind;
}

/** Whether a pub/sub kind is about patterns. */
export function isPatternKind(kind: PubsubKind): kind is 'psubscribe' | 'punsubscribe' {
  return kind === 'psubscribe' || kind === 'punsubscribe';
}

/** One target of `executePubsub()` as an implementation receives it, whatever the command: a name or a channel. */
export type Target = ChannelName | AbcPlainChannel | AbcPatternChannel;

/** Whether a target is a channel name: bytes, or well-formed text. */
export function isChannelName(target: unknown): target is ChannelName {
  return (typeof target === 'string' && isWellFormed(target)) || target instanceof Uint8Array;
}

/** Whether a value has what a connection uses of a channel object. */
function isChannelObject(value: unknown): value is AbcPlainChannel | AbcPatternChannel {
  if (typeof value !== 'object' || value === null) return false;
  const name: unknown = Reflect.get(value, 'name');
  return (
    isChannelName(name) &&
    typeof Reflect.get(value, 'isPattern') === 'boolean' &&
    ['get', 'putNowait', 'close'].every((member) => typeof Reflect.get(value, member) === 'function')
  );
}

/** A target that is neither name nor channel, as the `TypeError` names it. */
function describe(value: unknown): string {
  return typeof value === 'string' ? 'a string with a lone surrogate' : Object.prototype.toString.call(value);
}

/**
 * The targets of a pub/sub command, checked: at least one, each a name or a
 * channel object of the command's kind. Throws a `TypeError` that says which
 * target is wrong, before anything is sent.
 */
export function checkTargets(kind: PubsubKind, targets: readonly unknown[]): void {
  if (targets.length === 0) throw new TypeError(`${kind.toUpperCase()} needs at least one channel`);
  const pattern = isPatternKind(kind);
  for (const target of targets) {
    if (isChannelName(target)) continue;
    if (!isChannelObject(target)) {
      throw new TypeError(
        `${kind.toUpperCase()}: ${describe(target)} is neither a channel name nor a channel object (name, isPattern, get, putNowait and close)`,
      );
    }
    if (target.isPattern !== pattern) {
      throw new TypeError(
        `${kind.toUpperCase()}: channel ${String(target.name)} is a ${target.isPattern ? 'pattern' : 'plain'} channel: ` +
          `use ${target.isPattern ? 'PSUBSCRIBE and PUNSUBSCRIBE' : 'SUBSCRIBE, SSUBSCRIBE and their UN forms'}`,
      );
    }
  }
}

/** The channel itself when it is a plain one; `checkTargets()` has made sure of it. */
export function plainChannel<M>(channel: AbcChannel<boolean, M>): AbcPlainChannel<M> {
  if (channel.isPattern === false) return channel;
  throw new TypeError(`channel ${String(channel.name)} is a pattern channel: subscribe to it with PSUBSCRIBE`);
}

/** The channel itself when it is a pattern one; `checkTargets()` has made sure of it. */
export function patternChannel<M>(channel: AbcChannel<boolean, M>): AbcPatternChannel<M> {
  if (channel.isPattern === true) return channel;
  throw new TypeError(`channel ${String(channel.name)} is a plain channel: subscribe to it with SUBSCRIBE`);
}
