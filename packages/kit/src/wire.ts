// Arguments as the clients take them: strings and Buffers, numbers as text.
import type { CommandArg } from 'aioredis-abc';

/** An argument as the clients take it: numbers are sent as text. */
export type WireArg = string | Buffer;

/** Bytes as a `Buffer` over the same memory. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * An argument as the clients take it: bytes as a `Buffer`, a number as the
 * shortest text that reads back as the same number (`String(n)`: `1.5`,
 * `1e+21`), so that every client sends the same bytes.
 */
export function toWire(arg: CommandArg): WireArg {
  if (typeof arg === 'number') return String(arg);
  return arg instanceof Uint8Array ? toBuffer(arg) : arg;
}

/** Whether an argument is already as the clients take it. */
function isWire(arg: CommandArg): boolean {
  return typeof arg === 'string' || Buffer.isBuffer(arg);
}

/** Whether every argument is already as the clients take it. */
function areWire(args: CommandArg[]): args is WireArg[] {
  return args.every(isWire);
}

/** The arguments as the clients take them: the same array when they are already (strings and Buffers). */
export function toWireArgs(args: CommandArg[]): WireArg[] {
  return areWire(args) ? args : args.map(toWire);
}
