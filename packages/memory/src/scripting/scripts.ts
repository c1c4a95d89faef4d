import { ReplyError } from 'aioredis-abc-kit';
import type { RawReply } from '../reply.js';
import { LuaEngine, sha1 } from './engine.js';
import type { CallCommand } from './call.js';

/** What a script's shebang line (`#!lua flags=no-writes`) says. */
export interface ScriptFlags {
  /** Whether the script declared it does not write (`no-writes`): it runs as EVAL_RO does. */
  readonly noWrites: boolean;
  /** Whether the script has a shebang: then EVAL_RO refuses it unless it says `no-writes`. */
  readonly shebang: boolean;
}

/** The flags Redis 7.0 takes in a shebang. */
const knownFlags = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

/** A body's flags and the source to compile: the shebang line emptied, so that line numbers stay. */
function parseShebang(body: Buffer): { readonly flags: ScriptFlags; readonly source: Buffer } {
  if (!body.subarray(0, 2).equals(Buffer.from('#!'))) return { flags: { noWrites: false, shebang: false }, source: body };
  const end = body.indexOf(10);
  const line = body.subarray(2, end < 0 ? body.length : end).toString('latin1');
  const [engine = '', ...options] = line.split(' ').filter((word) => word !== '');
  if (engine !== 'lua') throw new ReplyError(`ERR Unexpected engine in script shebang: #!${engine}`);
  const flags = new Set<string>();
  for (const option of options) {
    const [name, value = ''] = option.split('=');
    if (name !== 'flags') throw new ReplyError(`ERR Unknown lua shebang option: ${option}`);
    for (const flag of value.split(',').filter((word) => word !== '')) {
      if (!knownFlags.includes(flag)) throw new ReplyError(`ERR Unexpected flag in script shebang: ${flag}`);
      flags.add(flag);
    }
  }
  return { flags: { noWrites: flags.has('no-writes'), shebang: true }, source: end < 0 ? Buffer.alloc(0) : body.subarray(end) };
}

/**
 * The scripts a server has compiled, by SHA-1, in one Lua state: what EVAL
 * compiles and caches, EVALSHA and SCRIPT EXISTS find, SCRIPT FLUSH forgets.
 */
export class ScriptStore {
  /** @param timeLimit - How long a script may run (ms) before it is stopped with SCRIPT KILL's error. */
  constructor(readonly timeLimit: number) {}

  /** The scripts' Lua state, made at the first script; `null` after SCRIPT FLUSH. */
  #engine: LuaEngine | null = null;
  readonly #flags = new Map<string, ScriptFlags>();

  /** The Lua state, made at the first script. */
  get #lua(): LuaEngine {
    this.#engine ??= new LuaEngine(this.timeLimit);
    return this.#engine;
  }

  /** Compiles a body unless it is known; its SHA-1. Throws Redis's error for a bad shebang or a compile error. */
  load(body: Buffer): string {
    const sha = sha1(body);
    if (this.#flags.has(sha)) return sha;
    const { flags, source } = parseShebang(body);
    this.#lua.compile(sha, source);
    this.#flags.set(sha, flags);
    return sha;
  }

  /** The flags of the script with this SHA-1 (any case), or `undefined` when none is known. */
  flagsOf(sha: string): ScriptFlags | undefined {
    return this.#flags.get(sha.toLowerCase());
  }

  /** Runs a known script; its reply, or throws Redis's error for it. */
  run(sha: string, keys: readonly Buffer[], args: readonly Buffer[], call: CallCommand): RawReply {
    return this.#lua.run(sha.toLowerCase(), keys, args, call);
  }

  /** Forgets every script, with the Lua state they lived in, as SCRIPT FLUSH does. */
  flush(): void {
    this.#flags.clear();
    this.#engine = null;
  }
}
