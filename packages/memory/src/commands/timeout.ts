import { ReplyError } from 'aioredis-abc-kit';
import { readFloat } from '../numbers.js';
import { text } from './command.js';

/** A blocking command's timeout, in seconds, as milliseconds, read and checked as Redis does. */
export function timeoutArg(bytes: Buffer): number {
  const value = readFloat(bytes);
  if (value === null) {
    const written = text(bytes);
    if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(written)) {
      if (Number(written) === Infinity) throw new ReplyError('ERR timeout is out of range');
      if (Number(written) === -Infinity) throw new ReplyError('ERR timeout is negative');
      return written.startsWith('-') ? 0 : 1;
    }
    throw new ReplyError('ERR timeout is not a float or out of range');
  }
  const ms = value * 1000;
  if (ms > 2 ** 63 - 1) throw new ReplyError('ERR timeout is out of range');
  const rounded = Math.ceil(ms);
  if (rounded < 0) throw new ReplyError('ERR timeout is negative');
  return rounded;
}
