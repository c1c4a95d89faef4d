import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server on 127.0.0.1 that is not Redis: it answers each command the way `answer` says. */
export interface FakeServer {
  readonly host: string;
  readonly port: number;
  /** Unused: a fake server has no unix socket. */
  readonly path: string;
  stop(): Promise<void>;
}

/**
 * Starts a server that reads RESP commands loosely (it looks only for the
 * argument text) and writes `answer(text)` for each read: enough to make a
 * client meet a reply it cannot parse.
 */
export async function startFakeServer(answer: (request: string) => string): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      if (!socket.destroyed) socket.write(answer(chunk.toString('latin1')));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake server got no TCP port');
  return {
    host: '127.0.0.1',
    port: address.port,
    path: '',
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
