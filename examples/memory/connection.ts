// examples/memory/connection.ts: an in-memory connection, a test double for code that takes an AbcConnection.
import type {
  AbcChannel,
  AbcConnection,
  ChannelName,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  ExecuteOptions,
  PubsubCommand,
  PubsubConfirmation,
  PubsubKind,
  PubsubTarget,
  Reply,
  TcpAddress,
} from 'aioredis-abc';
import { PatternChannel, PlainChannel } from './channel.js';

function isOptions(value: CommandArg | ExecuteOptions | undefined): value is ExecuteOptions {
  return typeof value === 'object' && !(value instanceof Uint8Array);
}

const kinds: Readonly<Record<PubsubCommand, PubsubKind>> = {
  SUBSCRIBE: 'subscribe',
  subscribe: 'subscribe',
  PSUBSCRIBE: 'psubscribe',
  psubscribe: 'psubscribe',
  UNSUBSCRIBE: 'unsubscribe',
  unsubscribe: 'unsubscribe',
  PUNSUBSCRIBE: 'punsubscribe',
  punsubscribe: 'punsubscribe',
};

function isChannelName(target: PubsubTarget): target is ChannelName {
  return typeof target === 'string' || target instanceof Uint8Array;
}

function isOfKind<P extends boolean>(channel: AbcChannel, isPattern: P): channel is AbcChannel<P> {
  return channel.isPattern === isPattern;
}

/** The channel itself when it is of the command's kind; a JavaScript caller can pass the other kind. */
function ofKind<P extends boolean>(channel: AbcChannel, isPattern: P): AbcChannel<P> {
  if (isOfKind(channel, isPattern)) return channel;
  throw new TypeError(`channel ${String(channel.name)} is ${channel.isPattern ? 'a pattern' : 'a plain'} channel`);
}

function nameOf(name: ChannelName): string {
  return typeof name === 'string' ? name : new TextDecoder().decode(name);
}

/**
 * An in-memory connection, as a test double would be: it keeps strings in a
 * map and knows GET, SET, SELECT and PING, and the pub/sub bookkeeping.
 */
export class MemoryConnection<E extends Encoding = 'utf-8'> implements AbcConnection<E> {
  readonly address: TcpAddress = ['127.0.0.1', 6379];
  readonly #store = new Map<string, string>();
  readonly #channels = new Map<string, AbcChannel<false>>();
  readonly #patterns = new Map<string, AbcChannel<true>>();
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

  get pubsubChannels(): ReadonlyMap<string, AbcChannel<false>> {
    return new Map(this.#channels);
  }

  get pubsubPatterns(): ReadonlyMap<string, AbcChannel<true>> {
    return new Map(this.#patterns);
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    if (this.#closed) throw Object.assign(new Error('connection is closed'), { name: 'ConnectionClosedError' });
    if (args.some((arg) => arg === null || arg === undefined)) throw new TypeError(`${String(command)}: null and undefined arguments are refused`);
    const last = args[args.length - 1];
    const encoding = isOptions(last) ? last.encoding : this.encoding;
    const values = args.filter((arg): arg is CommandArg => !isOptions(arg)).map(String);
    const name = (typeof command === 'string' ? command : new TextDecoder().decode(command)).toUpperCase();
    const reply = this.#run(name, values);
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
        throw new Error(`ERR unknown command '${command}'`);
    }
  }

  async executePubsub(command: PubsubCommand, ...channels: [PubsubTarget, ...PubsubTarget[]]): Promise<PubsubConfirmation[]> {
    const kind = kinds[command];
    return channels.map((target): PubsubConfirmation => {
      const name = isChannelName(target) ? target : target.name;
      const key = nameOf(name);
      if (kind === 'subscribe') {
        this.#channels.set(key, isChannelName(target) ? new PlainChannel(name) : ofKind(target, false));
      } else if (kind === 'psubscribe') {
        this.#patterns.set(key, isChannelName(target) ? new PatternChannel(name) : ofKind(target, true));
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
    for (const channel of [...this.#channels.values(), ...this.#patterns.values()]) channel.close();
  }

  async waitClosed(): Promise<void> {}
}
