// examples/fake-connection.ts: a fake connection for unit tests: canned replies by command, a log of what was sent, no cast.
import type { AbcConnection, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubDictionary, PubsubTargets, Reply } from 'aioredis-abc';

export class FakeConnection implements AbcConnection<'utf-8'> {
  readonly address = '/fake.sock';
  readonly db = 0;
  readonly encoding = 'utf-8';
  readonly closed = false;
  readonly inPubsub = 0;
  readonly pubsubChannels: PubsubDictionary<false, string> = new Map();
  readonly pubsubPatterns: PubsubDictionary<true, string> = new Map();
  readonly sent: ExecuteArgs[] = [];

  constructor(readonly replies: Readonly<Record<string, Reply<'utf-8'>>> = {}) {}

  // The interface's signature, then an implementation with the wide types: no cast on any reply.
  execute<O extends Encoding = 'utf-8'>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    const name = String(command).toUpperCase();
    this.sent.push([name, ...args]);
    return this.replies[name] ?? null;
  }

  executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]>;
  async executePubsub(): Promise<PubsubConfirmation[]> {
    throw new TypeError('FakeConnection does not subscribe');
  }

  close(): void {}

  async waitClosed(): Promise<void> {}
}
