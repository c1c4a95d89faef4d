import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server on 127.0.0.1 that is not Redis: it answers each command the way `answer` says. */
export interface FakeServer {
  readonly host: string;
  readonly port: number;
  /** Unused: a fake server has no unix socket. */
  readonly path: string;
  /** How many clients are connected now. */
  connections(): number;
  stop(): Promise<void>;
}

/** Splits complete RESP commands (arrays of bulk strings) off the front of `buffer`: each command's words, and what is left. */
function commands(buffer: string): { readonly words: string[][]; readonly rest: string } {
  const words: string[][] = [];
  let at = 0;
  for (;;) {
    const header = /^\*(\d+)\r\n/.exec(buffer.slice(at));
    if (!header) break;
    let cursor = at + header[0].length;
    const command: string[] = [];
    for (let i = 0; i < Number(header[1]); i += 1) {
      const length = /^\$(\d+)\r\n/.exec(buffer.slice(cursor));
      if (!length || buffer.length < cursor + length[0].length + Number(length[1]) + 2) return { words, rest: buffer.slice(at) };
      cursor += length[0].length;
      command.push(buffer.slice(cursor, cursor + Number(length[1])));
      cursor += Number(length[1]) + 2;
    }
    words.push(command);
    at = cursor;
  }
  return { words, rest: buffer.slice(at) };
}

/**
 * Starts a server that reads RESP commands and writes `answer(words)` for
 * each: enough to make a client meet a reply it cannot parse.
 */
export async function startFakeServer(answer: (words: readonly string[]) => string): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      const { words, rest } = commands(buffer + chunk.toString('latin1'));
      buffer = rest;
      const reply = words.map(answer).join('');
      if (!socket.destroyed && reply !== '') socket.write(reply);
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
    connections: () => sockets.size,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
