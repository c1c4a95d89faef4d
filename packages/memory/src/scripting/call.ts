import type { RawReply } from '../reply.js';

/** What runs the commands a script calls: a reply, or a `ReplyError` with the text Redis gives a script. */
export type CallCommand = (args: Buffer[]) => RawReply;

/** A function a library registers: its flags and description. */
export interface Registered {
  readonly flags: readonly string[];
  readonly description: Buffer | null;
}
