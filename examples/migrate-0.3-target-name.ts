// examples/migrate-0.3-target-name.ts: the "after" code of 0.3's ChannelNamesOnly in a generic executePubsub in CHANGELOG.md, compiled by npm run typecheck.
import type { AbcChannel, AbcConnection, ChannelName, PubsubCommand, PubsubConfirmation, PubsubTargets } from 'aioredis-abc';

// A generic executePubsub's target that is not a name may be ChannelNamesOnly, which
// has no name: declare the generic signature as an overload and implement it with
// the wide types, where a target that is not a name is a channel.
export class Recorder implements Pick<AbcConnection<'utf-8'>, 'executePubsub'> {
  readonly calls: [PubsubCommand, ChannelName][] = [];

  executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]>;
  async executePubsub(command: PubsubCommand, ...channels: (ChannelName | AbcChannel)[]): Promise<PubsubConfirmation[]> {
    for (const target of channels) {
      const name = typeof target === 'string' || target instanceof Uint8Array ? target : target.name;
      this.calls.push([command, name]);
    }
    return [];
  }
}
