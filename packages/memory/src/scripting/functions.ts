import { globMatch, ReplyError } from 'aioredis-abc-kit';
import { status, type RawReply } from '../reply.js';
import type { CallCommand, Registered } from './call.js';
import { FunctionEngine, validName } from './library.js';

/** A library FUNCTION LOAD loaded: its code and the functions it registered, in order. */
interface Library {
  readonly name: string;
  readonly code: Buffer;
  readonly functions: ReadonlyMap<string, Registered>;
}

/** A library's name from its shebang (`#!lua name=<name>`), and its code with the shebang line emptied, as Redis 7.0 checks them. */
function parseMetadata(code: Buffer): { readonly name: string; readonly source: Buffer } {
  if (!code.subarray(0, 2).equals(Buffer.from('#!'))) throw new ReplyError('ERR Missing library metadata');
  const end = code.indexOf(10);
  const [engine = '', ...options] = code.subarray(2, end < 0 ? code.length : end).toString('latin1').split(' ').filter((word) => word !== '');
  if (engine !== 'lua') throw new ReplyError(`ERR Engine '${engine}' not found`);
  let name: string | null = null;
  for (const option of options) {
    if (!option.startsWith('name=')) throw new ReplyError(`ERR Invalid metadata value given: ${option}`);
    if (name !== null) throw new ReplyError('ERR Invalid metadata value, name argument was given multiple times');
    name = option.slice('name='.length);
  }
  if (name === null) throw new ReplyError('ERR Library name was not given');
  if (!validName(name)) throw new ReplyError('ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
  return { name, source: end < 0 ? Buffer.alloc(0) : code.subarray(end) };
}

/** One library as FUNCTION LIST shows it. */
function describe(library: Library, withCode: boolean): RawReply {
  const functions = [...library.functions].map(([name, { flags, description }]): RawReply => [
    Buffer.from('name'), Buffer.from(name), Buffer.from('description'), description, Buffer.from('flags'), flags.map((flag) => status(flag)),
  ]);
  const reply: RawReply[] = [Buffer.from('library_name'), Buffer.from(library.name), Buffer.from('engine'), Buffer.from('LUA'), Buffer.from('functions'), functions];
  return withCode ? [...reply, Buffer.from('library_code'), library.code] : reply;
}

/**
 * The functions a server has, as Redis 7.0 keeps them: libraries by name,
 * each function owned by one library, in a Lua state of their own.
 */
export class FunctionStore {
  /** @param timeLimit - How long a script may run (ms) before it is stopped with SCRIPT KILL's error. */
  constructor(readonly timeLimit: number) {}

  /** The functions' Lua state, made at the first library; `null` after FUNCTION FLUSH. */
  #engine: FunctionEngine | null = null;
  readonly #libraries = new Map<string, Library>();
  /** Each function's library, by the function's name. */
  readonly #owners = new Map<string, Library>();

  /** The functions' Lua state, made when first needed. */
  get #lua(): FunctionEngine {
    this.#engine ??= new FunctionEngine(this.timeLimit);
    return this.#engine;
  }

  /** FUNCTION LOAD: runs a library's code and keeps its functions; the library's name. Throws Redis's error. */
  load(code: Buffer, replace: boolean): string {
    const { name, source } = parseMetadata(code);
    const old = this.#libraries.get(name);
    if (old !== undefined && !replace) throw new ReplyError(`ERR Library '${name}' already exists`);
    const functions = this.#lua.loadLibrary(source);
    if (functions.size === 0) throw new ReplyError('ERR No functions registered');
    for (const fn of functions.keys()) {
      const owner = this.#owners.get(fn);
      if (owner !== undefined && owner !== old) throw new ReplyError(`ERR Function ${fn} already exists`);
    }
    if (old !== undefined) this.#remove(old);
    const library: Library = { name, code, functions };
    this.#lua.commit([], [...functions.keys()]);
    this.#libraries.set(name, library);
    for (const fn of functions.keys()) this.#owners.set(fn, library);
    return name;
  }

  /** Forgets a library and its functions. */
  #remove(library: Library): void {
    this.#libraries.delete(library.name);
    for (const fn of library.functions.keys()) this.#owners.delete(fn);
    this.#lua.commit([...library.functions.keys()], []);
  }

  /** FUNCTION DELETE: forgets a library and its functions; Redis's error when there is none. */
  delete(name: string): void {
    const library = this.#libraries.get(name);
    if (library === undefined) throw new ReplyError('ERR Library not found');
    this.#remove(library);
  }

  /** FUNCTION FLUSH: forgets every library, with the Lua state. */
  flush(): void {
    this.#libraries.clear();
    this.#owners.clear();
    this.#engine = null;
  }

  /** FUNCTION LIST: the libraries whose name matches `pattern` (all with `null`). */
  list(pattern: string | null, withCode: boolean): RawReply {
    return [...this.#libraries.values()].filter((library) => pattern === null || globMatch(pattern, library.name)).map((library) => describe(library, withCode));
  }

  /** A function's flags and description, or `undefined` when no library registered it. */
  find(name: string): Registered | undefined {
    return this.#owners.get(name)?.functions.get(name);
  }

  /** FCALL: calls a known function; its reply, or throws Redis's error for it. */
  call(name: string, keys: readonly Buffer[], args: readonly Buffer[], call: CallCommand): RawReply {
    return this.#lua.callFunction(name, keys, args, call);
  }
}
