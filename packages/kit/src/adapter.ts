import type { Address, Encoding, PubsubKind } from 'aioredis-abc';
import type { ErrorKind } from './connecting.js';
import type { WireArg } from './wire.js';
import type { ResolvedOptions } from './options.js';
import type { ReusableConnection } from './pool-types.js';

/** What a connection over a client does with it, made by `Adapter.attach()` for each connection. */
export interface ClientLink {
  /**
   * Sends one command; resolves with the client's reply, bulk strings as
   * bytes. `decoding` is the codec the connection decodes the reply with
   * (`null`: bytes): a client that decodes replies itself may resolve with
   * its strings already in it, decoded strictly (a `TypeError` for bytes not
   * valid in it), and the connection keeps them as they are.
   */
  send(command: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown>;
  /** Sends a pub/sub command (`subscribe`, `psubscribe`, `ssubscribe`, and their `un` kinds) for the names. */
  sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void>;
  /** Closes the client now; it reports its end through `ClientEvents.ended()`. */
  close(): void;
  /** The shard channels the client holds by its own record, for a client that tells `shardsMoved()` without names. */
  shardChannels?(): readonly string[];
}

/** What an adapter tells the connection from its client's events. */
export interface ClientEvents {
  /** The connection, for what an adapter reads of it (`pendingCommands`, `pubsubPatterns`). */
  readonly connection: ReusableConnection;
  /** A message of a plain subscription, as bytes. */
  message(channel: Buffer, message: Buffer): void;
  /** A message of a pattern subscription, with the pattern as it was subscribed. */
  pattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void;
  /** A message of a pattern subscription, with the pattern as the client decoded it as UTF-8: the kit finds the subscribed one. */
  patternText(text: string, channel: Buffer, message: Buffer): void;
  /** A message of a shard subscription (`smessage`). */
  shard(channel: Buffer, message: Buffer): void;
  /** Shard channels the server unsubscribed with no `SUNSUBSCRIBE` asking (their slot moved). */
  shardsUnsubscribed(names: readonly (string | Buffer)[]): void;
  /**
   * The same, told without names: the ones gone are those the client held
   * (`ClientLink.shardChannels()`) once the last shard command settled and
   * holds no more. A refused `SSUBSCRIBE` drops none, as they were never held.
   */
  shardsMoved(): void;
  /** The client's connection is gone, whoever closed it; call it after `ClientLink.close()` too. */
  ended(cause?: Error): void;
  /** A reply the client could not parse, told otherwise than by rejecting a command: the connection closes. */
  unparsable(cause: Error): void;
}

/** Where a client connects, the database it selects, and whether over TLS, as its own options say. */
export interface ClientPlace {
  readonly address: Address;
  readonly db: number;
  readonly tls: boolean;
}

/**
 * An adapter whose clients are its own, opened from the options alone (a
 * transport of its own rather than a client library): how to open, send,
 * listen and tell errors apart. `adaptOwn()` builds `connect`, `createPool`,
 * `createSentinelPool` and `createClusterPool` from it; there is no
 * application's client to wrap.
 */
export interface OwnAdapter<Client> {
  /** The client's name, for the errors that refuse a client. */
  readonly name: string;
  /** How to open: a client for the checked options, not connected yet, that neither reconnects nor queues offline. */
  create(options: ResolvedOptions<Encoding>): Client;
  /** Resolves once the client is connected, connecting it if it waits for that; rejects with the client's error. */
  ready(client: Client): Promise<void>;
  /** How to send and listen: hooks the client's events to `events`, before `ready()`, and returns how to use it. */
  attach(client: Client, events: ClientEvents): ClientLink;
  /** How to tell errors apart: a reply error, a closed connection, a reply it could not parse, or another. */
  classify(error: unknown): ErrorKind;
}

/**
 * An adapter: what differs between clients, from which `adapt()` builds
 * `connect`, `wrap`, `createPool`, `createSentinelPool` and
 * `createClusterPool`; besides what an `OwnAdapter` declares, how to take
 * over a client the application configured. The kit's `ClientConnection`
 * does the rest.
 */
export interface Adapter<Client> extends OwnAdapter<Client> {
  /** How to duplicate a client: a new one with the same configuration, for a pool built over it. */
  duplicate(client: Client): Client;
  /** Where an application's client connects, as its options say. */
  where(client: Client): ClientPlace;
  /** What a client must be set to: what is wrong with an application's client, or `undefined`. */
  problem(client: unknown): string | undefined;
}

/** What `wrap()` takes besides the client: the connection's encoding, and its command timeout. */
export interface WrapOptions<E extends Encoding> {
  readonly encoding: E;
  /** As `ConnectOptions.commandTimeout`: 10,000 ms by default, `null` for no limit. */
  readonly commandTimeout?: number | null;
}
