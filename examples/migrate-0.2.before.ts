// examples/migrate-0.2.before.ts: the 0.1 code each 0.2 breaking change stops compiling; scripts/messages.test.mjs checks that it fails.
import type { AbcChannel, PatternMessage, PubsubCommand, PubsubConfirmation, PubsubDictionary, PubsubTarget } from 'aioredis-abc';

// 1. A utf-8 class declared its dictionaries without the message type.
export interface Dictionaries {
  readonly pubsubChannels: PubsubDictionary<false>;
}
export function dictionaries(mine: Dictionaries): { readonly pubsubChannels: PubsubDictionary<false, string> } {
  return mine;
}

// 2. The bare PubsubTarget took channel objects.
export function subscribe(command: PubsubCommand, channel: AbcChannel<false>): [PubsubCommand, PubsubTarget] {
  return [command, channel];
}

// 3. PatternMessage<R> was a decoded pattern message.
export async function nextEvent<R>(channel: AbcChannel<true, string>, decode: (message: string) => R): Promise<PatternMessage<R>> {
  return channel.get(decode);
}
export type Confirmations = PubsubConfirmation[];
