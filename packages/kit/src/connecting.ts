// Opening a connection: the time limit, the fast failure of TLS on a plain port, and the error a failed connect rejects with.
import type { AbcConnection, Address } from 'aioredis-abc';
import { connect as connectSocket } from 'node:net';
import { ConnectionClosedError, RedisError, replyError, TimeoutError } from './errors.js';

/** How a client's error is to be told to the caller: a reply error, a lost connection, an unparsable reply, or anything else. */
export type ErrorKind = 'reply' | 'closed' | 'protocol' | 'other';

/**
 * What a server says to a connection it refuses at once (Redis writes
 * `-ERR max number of clients reached` and closes), read over a connection of
 * its own, or `null` when it says nothing within `ms`. The clients drop this
 * line when the server closes before they have sent anything; this reads it.
 */
export function serverRefusal(address: Address, ms = 500): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = typeof address === 'string' ? connectSocket({ path: address }) : connectSocket({ host: address[0], port: address[1] });
    let text = '';
    const done = (result: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), ms);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const line = /^-(.*)\r\n/.exec(text);
      if (line) done(line[1] ?? null);
    });
    socket.on('error', () => done(null));
    socket.on('close', () => done(null));
  });
}

/**
 * The error a failed connect rejects with: the contract's reply error when the
 * server said why (a full server, a wrong password), or else a
 * `ConnectionClosedError` whose cause is the client's error, which says when
 * TLS may be why. A reply error keeps no cause: a client's error object can
 * hold the command's arguments, and the command may be `AUTH`.
 */
export async function connectError(error: unknown, kind: ErrorKind, address: Address, tls = false): Promise<Error> {
  if (error instanceof RedisError && !(error instanceof ConnectionClosedError)) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  if (kind === 'reply') return replyError(cause.message);
  if (!tls) {
    const refusal = await serverRefusal(address);
    if (refusal !== null) return replyError(refusal);
  }
  const hint = /ECONNREFUSED|ENOENT/.test(cause.message) ? '' : tlsHint(tls);
  return new ConnectionClosedError(`could not connect to ${where(address)}${hint}: ${cause.message}`, { cause });
}

/** An address as an error message names it: `host:port`, or the unix path. */
function where(address: Address): string {
  return typeof address === 'string' ? address : `${address[0]}:${address[1]}`;
}

/** What TLS may have to do with a connection that failed, or hangs. */
function tlsHint(tls: boolean): string {
  return tls
    ? ' (over TLS: the server may not speak TLS on this port, or its certificate was refused)'
    : ' (if the server takes TLS only, connect with tls or a rediss:// URL)';
}

/** How long a TLS connection may take to open before its port is asked whether it answers without TLS. */
const PLAIN_PROBE_AFTER_MS = 300;

/**
 * Whether the server at `address` answers a plain `PING` with a RESP reply
 * (`+PONG`, or an error such as `-NOAUTH`) within `ms`: it takes connections
 * without TLS on that port. A TLS port closes, or says nothing.
 */
function answersPlain(address: Address, ms = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = typeof address === 'string' ? connectSocket({ path: address }) : connectSocket({ host: address[0], port: address[1] });
    const done = (plain: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(plain);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => done(chunk[0] === 0x2b || chunk[0] === 0x2d));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/**
 * A TLS connection's opening, which fails at once when its port answers
 * without TLS: a server that does not speak TLS waits for a command that the
 * TLS handshake never sends, so that the opening would last its whole
 * `connectTimeout`. The port is asked only when the opening takes a while;
 * then `abandon()` closes what is opening, and one that opens anyway is closed.
 */
function failFastWithoutTls<C extends AbcConnection>(address: Address, opening: Promise<C>, abandon: () => void): Promise<C> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      void answersPlain(address).then((plain) => {
        if (!plain || settled) return;
        settled = true;
        abandon();
        reject(new ConnectionClosedError(`could not connect to ${where(address)} over TLS: the server answers without TLS on this port (connect without tls, or to its TLS port)`));
      });
    }, PLAIN_PROBE_AFTER_MS);
    opening.then(
      (conn) => {
        clearTimeout(timer);
        if (settled) {
          conn.close();
          return;
        }
        settled = true;
        resolve(conn);
      },
      (error: unknown) => {
        clearTimeout(timer);
        settled = true;
        reject(error);
      },
    );
  });
}

/**
 * Opens a connection within `ms` milliseconds (`null`: no limit): past it,
 * `abandon()` closes what is opening and the promise rejects with a
 * `TimeoutError`, which says whether TLS may be why; a connection that opens
 * later anyway is closed. Over TLS, a port that answers without TLS fails the
 * opening within about a second, with a `ConnectionClosedError` that says so.
 */
export function openWithin<C extends AbcConnection>(ms: number | null, address: Address, tls: boolean, given: Promise<C>, abandon: () => void): Promise<C> {
  const opening = tls ? failFastWithoutTls(address, given, abandon) : given;
  if (ms === null) return opening;
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      abandon();
      reject(new TimeoutError(`could not connect to ${where(address)} within ${ms} ms${tlsHint(tls)}`));
    }, ms);
    opening.then(
      (conn) => {
        clearTimeout(timer);
        if (late) conn.close();
        else resolve(conn);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error);
      },
    );
  });
}
