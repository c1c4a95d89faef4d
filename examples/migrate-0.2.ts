// examples/migrate-0.2.ts: the "after" code of each 0.2 breaking change in CHANGELOG.md, compiled by npm run typecheck.
import type { AbcChannel, PatternMessage, PubsubCommand, PubsubConfirmation, PubsubDictionary, PubsubTargets } from 'aioredis-abc';

// 1. The dictionaries are typed by the encoding: a utf-8 class declares channels of strings.
export interface Dictionaries {
  readonly pubsubChannels: PubsubDictionary<false, string>;
  readonly pubsubPatterns: PubsubDictionary<true, string>;
}

// 2. The bare PubsubTarget means a name only: a class takes PubsubTargets<C, E>, which holds channel objects.
export interface Subscriber {
  executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]>;
}

// 3. PatternMessage<R> is now [R, R]: a decoded pattern message is PatternMessage<string, R>.
export async function nextEvent<R>(channel: AbcChannel<true, string>, decode: (message: string) => R): Promise<PatternMessage<string, R>> {
  return channel.get(decode);
}

// 4. ConnectionForcedCloseError now means "closed by this side's close()": reconnect on ConnectionClosedError,
// whose name a forced close does not carry.
export function shouldReconnect(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConnectionClosedError';
}
