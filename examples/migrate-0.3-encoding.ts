// examples/migrate-0.3-encoding.ts: the "after" code of 0.3's BulkString<any> in CHANGELOG.md, compiled by npm run typecheck.
import type { AbcConnection, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubTargets, Reply } from 'aioredis-abc';

/** How a connection reaches its server: whatever the application has. */
export interface Transport {
  send(command: CommandName, args: ExecuteArgs): Promise<Reply>;
}

/** A connection class generic in its encoding. */
export class WireConnection<E extends Encoding> implements AbcConnection<E> {
  readonly address = null;
  readonly db = 0;
  readonly closed = false;
  readonly inPubsub = 0;
  readonly pubsubChannels: AbcConnection<E>['pubsubChannels'] = new Map();
  readonly pubsubPatterns: AbcConnection<E>['pubsubPatterns'] = new Map();

  constructor(
    readonly transport: Transport,
    readonly encoding: E,
  ) {}

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    return this.transport.send(command, args);
  }

  executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
  async executePubsub(): Promise<PubsubConfirmation[]> {
    throw new TypeError('WireConnection does not subscribe');
  }

  close(): void {}

  async waitClosed(): Promise<void> {}
}

// Under strict: false, E is inferred as any from null, and 0.3 types the messages of
// a WireConnection<any> as strings or bytes: name the encoding.
export function openRaw(transport: Transport): AbcConnection<null> {
  return new WireConnection<null>(transport, null);
}
