// The socket package's client: one Transport to one server, opened from the checked options, and told to the kit as an adapter.
import type { Encoding } from 'aioredis-abc';
import { replyError, type ClientEvents, type ClientLink, type ErrorKind, type OwnAdapter, type ResolvedOptions } from 'aioredis-abc-kit';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { RespProtocolError, type ParsedReply } from './parser.js';
import { Transport } from './transport.js';

/** A lost socket, as the transport's pending commands reject with it: the kit tells it `'closed'` and names its own error. */
class SocketLost extends Error {
  /** The class's name, as errors name themselves. */
  override readonly name = 'SocketLost';
}

/**
 * One connection's socket and transport, made from the checked options and
 * opened by `open()`: no reconnecting, no offline queue. A command sent
 * before it is open, or after it closed, rejects as on a lost socket.
 */
export class SocketClient {
  /** The checked options: where to connect, TLS, keep-alive. */
  readonly options: ResolvedOptions<Encoding>;
  /** The transport, once `open()` began. */
  #transport: Transport | null = null;
  /** What the connection hears of this client. */
  #events: ClientEvents | null = null;
  /** Why the socket closed, as the transport told it. */
  #cause: Error | undefined = undefined;

  /** A client for `options`, not connected yet. */
  constructor(options: ResolvedOptions<Encoding>) {
    this.options = options;
  }

  /** The transport, once `open()` began; `null` before. */
  get transport(): Transport | null {
    return this.#transport;
  }

  /** Hooks the connection's events; called once, before `open()`. */
  listen(events: ClientEvents): void {
    this.#events = events;
  }

  /**
   * Opens the socket (TLS when the options say), with keep-alive as they say,
   * and resolves once it is connected; rejects with the socket's error.
   * However it ends, the connection hears of it through `ended()`, and of
   * bytes that are not RESP2 through `unparsable()` first.
   */
  open(): Promise<void> {
    const socket = this.#socket();
    const transport = new Transport(socket, { pushEncoding: null, replyError, closedError: (cause) => this.#lost(cause) });
    this.#transport = transport;
    const events = this.#events;
    if (events !== null) transport.onPush = (push, kind, answered) => pushed(events, push, kind, answered);
    const closed = transport.closed.then(() => {
      if (this.#cause instanceof RespProtocolError) events?.unparsable(this.#cause);
      events?.ended(this.#cause);
    });
    return new Promise((resolve, reject) => {
      socket.once(this.options.tls === null ? 'connect' : 'secureConnect', () => resolve());
      void closed.then(() => reject(this.#cause ?? new SocketLost('the socket closed while connecting')));
    });
  }

  /** Closes the socket now; a client never opened tells its end at once. */
  close(): void {
    if (this.#transport === null) this.#events?.ended();
    else this.#transport.close(new SocketLost('the connection was closed'));
  }

  /** A socket connecting to the options' address, over TLS when they say, with their keep-alive. */
  #socket(): Socket {
    const { address, tls, keepAlive } = this.options;
    const at = typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] };
    const socket = tls === null ? netConnect(at) : tlsConnect({ ...at, ...tls });
    if (keepAlive === false) socket.setKeepAlive(false);
    else socket.setKeepAlive(true, keepAlive);
    return socket;
  }

  /** The error the transport's pending commands reject with once the socket is lost: bytes that are not RESP2 as they are, else a `SocketLost`. */
  #lost(cause: Error | undefined): Error {
    this.#cause = cause;
    return cause instanceof RespProtocolError ? cause : new SocketLost('the socket closed', cause === undefined ? {} : { cause });
  }
}

/** A pub/sub message, or a shard channel the server unsubscribed with no command asking, to the connection; confirmations it has from the commands. */
function pushed(events: ClientEvents, push: ParsedReply[], kind: string, answered: boolean): void {
  const [, first, second, third] = push as Buffer[];
  if (kind === 'message') events.message(first as Buffer, second as Buffer);
  else if (kind === 'pmessage') events.pattern(first as Buffer, second as Buffer, third as Buffer);
  else if (kind === 'smessage') events.shard(first as Buffer, second as Buffer);
  else if (kind === 'sunsubscribe' && !answered && first !== undefined) events.shardsUnsubscribed([first]);
}

/** How the connection sends and closes through a `SocketClient`. */
function attach(client: SocketClient, events: ClientEvents): ClientLink {
  client.listen(events);
  const notOpen = (): Promise<never> => Promise.reject(new SocketLost('the socket is not open'));
  return {
    send: (command, args, decoding) => client.transport?.sendCommand(command, args, decoding) ?? notOpen(),
    sendPubsub: async (kind, names) => void (await (client.transport?.sendPubsub([kind, ...names], null) ?? notOpen())),
    close: () => client.close(),
  };
}

/** Tells a lost socket and bytes that are not RESP2 apart; the transport's reply errors are the kit's own already. */
function classify(error: unknown): ErrorKind {
  if (error instanceof SocketLost) return 'closed';
  return error instanceof RespProtocolError ? 'protocol' : 'other';
}

/** The socket package's adapter: its clients are its own, opened from the options. */
export const socketAdapter: OwnAdapter<SocketClient> = {
  name: 'aioredis-abc-socket',
  create: (options) => new SocketClient(options),
  ready: (client) => client.open(),
  attach,
  classify,
};
