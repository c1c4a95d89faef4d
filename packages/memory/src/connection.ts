// examples/memory/connection.ts: an in-memory connection, a test double for code that takes an AbcConnection.
import type {
  AbcChannel,
  AbcConnection,
  ChannelName,
  CommandName,
  Encoding,
  ExecuteArgs,
  PubsubCommand,
  PubsubConfirmation,
  PubsubTargets,
  Reply,
  TcpAddress,
} from 'aioredis-abc';
import { isChannelName, keyOf, patternChannel, plainChannel, pubsubKind, splitCommand } from 'aioredis-abc-kit';
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';
import { ConnectionClosedError, ReplyError } from 'aioredis-abc-kit';
import { pubsubDictionary, ReadonlyMapView } from 'aioredis-abc-kit';

/**
 * An in-memory connection, as a test double would be: it keeps strings in a
 * map and knows GET, SET, SELECT and PING, and the pub/sub bookkeeping.
 */
export class MemoryConnection<E extends Encoding = 'utf-8'> implements AbcConnection<E> {
  readonly address: TcpAddress = ['127.0.0.1', 6379];
  /** It knows no MULTI, so it is never in a transaction. */
  readonly inTransaction = false;
  readonly #store = new Map<string, string>();
  readonly #channels = new Map<string, AbcChannel<false>>();
  readonly #patterns = new Map<string, AbcChannel<true>>();
  readonly pubsubChannels = pubsubDictionary<E>(new ReadonlyMapView(this.#channels));
  readonly pubsubPatterns = pubsubDictionary<E>(new ReadonlyMapView(this.#patterns));
  #db = 0;
  #closed = false;

  constructor(readonly encoding: E) {}

  get db(): number {
    return this.#db;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inPubsub(): number {
    return this.#channels.size + this.#patterns.size;
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...given: ExecuteArgs): Promise<Reply> {
    const { name, args, options } = splitCommand(command, given);
    if (this.#closed) throw new ConnectionClosedError('the connection is closed');
    const reply = this.#run(name, args.map(String));
    const encoding = options ? options.encoding : this.encoding;
    return typeof reply === 'string' && encoding === null ? new TextEncoder().encode(reply) : reply;
  }

  #run(command: string, [key = '', value = '']: string[]): string | number | null {
    switch (command) {
      case 'PING':
        return 'PONG';
      case 'GET':
        return this.#store.get(key) ?? null;
      case 'SET':
        this.#store.set(key, value);
        return 'OK';
      case 'SELECT':
        this.#db = Number(key);
        return 'OK';
      default:
        throw new ReplyError(`ERR unknown command '${command}'`);
    }
  }

  executePubsub<C extends PubsubCommand>(command: C, ...targets: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
  async executePubsub(command: PubsubCommand, ...targets: [ChannelName | AbcChannel, ...(ChannelName | AbcChannel)[]]): Promise<PubsubConfirmation[]> {
    const kind = pubsubKind(command);
    if (this.#closed) throw new ConnectionClosedError('the connection is closed');
    return targets.map((target): PubsubConfirmation => {
      const name = isChannelName(target) ? target : target.name;
      const key = keyOf(name);
      if (kind === 'subscribe') {
        this.#channels.set(key, isChannelName(target) ? new PlainChannel(name) : plainChannel(target));
      } else if (kind === 'psubscribe') {
        this.#patterns.set(key, isChannelName(target) ? new PatternChannel(name) : patternChannel(target));
      } else {
        const registry = kind === 'unsubscribe' ? this.#channels : this.#patterns;
        registry.get(key)?.close();
        registry.delete(key);
      }
      return [kind, name, this.inPubsub];
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const error = new ConnectionClosedError('the connection is closed');
    for (const channel of [...this.#channels.values(), ...this.#patterns.values()]) channel.close(error);
  }

  async waitClosed(): Promise<void> {}
}
