// examples/migrate-0.3-literal.ts: the "after" code of 0.3's executePubsub overloads for an object literal in CHANGELOG.md, compiled by npm run typecheck.
import type { AbcConnection, PubsubCommand, PubsubConfirmation, PubsubTargets } from 'aioredis-abc';

// An object literal's methods get no parameter types from an overloaded method:
// its executePubsub declares the generic signature.
export const subscribed: string[] = [];
export const stub: AbcConnection<'utf-8'> = {
  address: null,
  db: 0,
  encoding: 'utf-8',
  closed: false,
  inPubsub: 0,
  pubsubChannels: new Map(),
  pubsubPatterns: new Map(),
  async execute() {
    return null;
  },
  async executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]> {
    subscribed.push(`${command} of ${channels.length}`);
    return [];
  },
  close() {},
  async waitClosed() {},
};
