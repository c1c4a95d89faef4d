// What the runtime benches measure, in one place: the command workload (SET
// and GET in turn on one key), medians, and the memory a client holds per
// open connection and per pending command (heap and external bytes, which
// needs node --expose-gc).
import { performance } from 'node:perf_hooks';

/** The key every command of the workload reads or writes. */
export const KEY = 'bench:key';
/** 3 bytes, as redis-benchmark's default `-d 3`: values and messages. */
export const PAYLOAD = 'xxx';
/** Connections opened for the bytes per open connection. */
export const MEMORY_CONNECTIONS = 200;
/** Commands left pending on a stopped server for the bytes per pending command. */
export const MEMORY_COMMANDS = 20_000;

/** The median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Commands per second: `concurrency` workers, each awaiting its command in turn, share `ops` SETs and GETs, alternating. */
export async function commandRate(execute, ops, concurrency) {
  let issued = 0;
  const worker = async () => {
    while (issued < ops) {
      const op = issued;
      issued += 1;
      await (op % 2 === 0 ? execute('SET', KEY, PAYLOAD) : execute('GET', KEY));
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ops / ((performance.now() - start) / 1000);
}

/** The bytes of heap and external memory in use after full collections, a turn of the event loop apart so that freed buffers are counted out. */
async function usedBytes() {
  for (let i = 0; i < 3; i += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** Bytes per open connection: `MEMORY_CONNECTIONS` opened by `open(server)` (a command run on each), over their number. */
export async function bytesPerConnection(open, server) {
  const before = await usedBytes();
  const connections = [];
  for (let i = 0; i < MEMORY_CONNECTIONS; i += 1) connections.push(await open(server));
  await Promise.all(connections.map((connection) => connection.execute('PING')));
  const after = await usedBytes();
  await Promise.all(connections.map((connection) => connection.close()));
  return (after - before) / MEMORY_CONNECTIONS;
}

/** Bytes per pending command: `MEMORY_COMMANDS` GETs sent to a stopped server, over their number; answered once it goes on. */
export async function bytesPerCommand(open, server) {
  const connection = await open(server);
  await connection.execute('PING');
  const before = await usedBytes();
  server.pause();
  const pending = Array.from({ length: MEMORY_COMMANDS }, () => connection.execute('GET', KEY));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const after = await usedBytes();
  server.resume();
  await Promise.all(pending);
  await connection.close();
  return (after - before) / MEMORY_COMMANDS;
}
