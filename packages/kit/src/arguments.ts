// A command's name, arguments and options as callers pass them, checked.
import type { CommandArg, CommandName, Encoding, ExecuteArgs, ExecuteOptions } from 'aioredis-abc';
import { commandNature, isSubscription, type CommandNature } from './command-nature.js';
import { RedisError } from './errors.js';

/** A command split into its upper-case name, its arguments and its options. */
export interface CommandCall {
  readonly name: string;
  readonly args: CommandArg[];
  readonly options: ExecuteOptions | undefined;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed UTF-16, so that its UTF-8 form is its own and no other string's. */
export function isWellFormed(value: string): boolean {
  return !loneSurrogate.test(value);
}

function isCommandArg(value: unknown): value is CommandArg {
  if (typeof value === 'string') return isWellFormed(value);
  if (typeof value === 'number') return Number.isFinite(value);
  return value instanceof Uint8Array;
}

/** Why a value is not an argument, for the `TypeError`. */
function whyNotArg(value: unknown): string {
  if (typeof value === 'number') return `${String(value)}, which has no Redis form; numbers must be finite`;
  if (typeof value === 'string') return 'a string with a lone surrogate, which UTF-8 cannot carry; send bytes instead';
  if (value === null || value === undefined) return String(value);
  return `${whatObject(value)}; arguments are strings, bytes or finite numbers, and only an options object { encoding } may come last`;
}

/**
 * What a value that is no argument is, without calling any of its own
 * methods (a `toString` may throw): a plain or null-prototype object by its
 * keys, anything else by its built-in tag.
 */
export function whatObject(value: unknown): string {
  if (typeof value !== 'object' || value === null) return Object.prototype.toString.call(value);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== null && prototype !== Object.prototype) return Object.prototype.toString.call(value);
  const keys = Object.keys(value);
  const shape = keys.length === 0 ? 'no keys' : `keys ${keys.join(', ')}`;
  return `an object with ${prototype === null ? 'a null prototype and ' : ''}${shape}`;
}

/**
 * Whether a value in last place is meant as the options object: a plain or
 * null-prototype object that has an `encoding` key of its own. Any other
 * object there is an argument, and refused as one.
 */
function isOptionsObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === null || prototype === Object.prototype) && Object.prototype.hasOwnProperty.call(value, 'encoding');
}

/** The options object in last place, checked: exactly `{ encoding }`, with a string or `null`. */
function checkOptions(name: string, value: object): ExecuteOptions {
  const keys = Object.keys(value);
  const encoding: unknown = Reflect.get(value, 'encoding');
  if (keys.length !== 1 || keys[0] !== 'encoding' || (encoding !== null && typeof encoding !== 'string')) {
    throw new TypeError(
      `${name}: the options object in last place must be { encoding } with a codec name or null, not { ${keys.join(', ')} }`,
    );
  }
  return { encoding };
}

const strictText = new TextDecoder('utf-8', { fatal: true });

/**
 * A command name as an upper-case string. Throws a `TypeError` for what is not
 * a name: an empty one, one of another type, or one that is not text.
 */
export function commandName(command: CommandName): string {
  if (typeof command === 'string') {
    const known = upperNames.get(command);
    if (known !== undefined) return known;
  }
  const name = checkedName(command);
  if (typeof command === 'string' && upperNames.size < upperNamesKept) upperNames.set(command, name);
  return name;
}

/** How many command names `commandName()` keeps in upper case, the first it meets: enough for an application's, bounded for one that makes them up. */
const upperNamesKept = 1_024;

/** The upper-case form of the names given as strings, as `commandName()` found them: read again at each command otherwise. */
const upperNames = new Map<string, string>();

/** `commandName()` worked out: the name checked and in upper case, or a `TypeError`. */
function checkedName(command: CommandName): string {
  let name: string;
  if (typeof command === 'string' && isWellFormed(command)) name = command;
  else if (command instanceof Uint8Array) {
    try {
      name = strictText.decode(command);
    } catch {
      throw new TypeError('a command name given as bytes must be valid UTF-8');
    }
  } else throw new TypeError(`a command name is a non-empty string or bytes, not ${whyNotArg(command)}`);
  if (name.length === 0) throw new TypeError('a command name is a non-empty string or bytes, not an empty one');
  return name.toUpperCase();
}

/**
 * Splits `execute()`'s arguments. Throws a `TypeError` that names the command
 * and the position for what the types refuse but a JavaScript caller can pass:
 * `null`, `undefined`, an options object anywhere but last or of another
 * shape, or anything else that is not an argument.
 */
export function splitCommand(command: CommandName, given: ExecuteArgs): CommandCall {
  const name = commandName(command);
  const last: unknown = given[given.length - 1];
  const options = isOptionsObject(last) ? checkOptions(name, last) : undefined;
  const args = options ? given.slice(0, -1) : given;
  if (!areCommandArgs(args)) {
    const refused = args.findIndex((arg) => !isCommandArg(arg));
    throw new TypeError(`${name}: argument ${refused + 1} is ${whyNotArg(args[refused])}; nothing was sent`);
  }
  return { name, args, options };
}

function areCommandArgs(values: ExecuteArgs): values is CommandArg[] {
  return values.every(isCommandArg);
}

/** The pub/sub commands, as the `TypeError`s name them. */
export const pubsubCommands = 'SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE';

/**
 * Refuses what `execute()` may not run, before anything is sent: a command
 * that subscribes or unsubscribes, with a `TypeError` (it goes through
 * `executePubsub()`); a command whose replies could not be read as replies
 * (`MONITOR`, `CLIENT REPLY OFF`, `HELLO 3` …), with a `TypeError`; and in
 * pub/sub mode any command but `PING`, with a `RedisError`.
 */
export function checkExecutable(name: string, args: readonly CommandArg[], inPubsub: number): CommandNature {
  if (isSubscription(name)) throw new TypeError(`${name} goes through executePubsub(), which takes ${pubsubCommands}`);
  const nature = commandNature(name, args);
  if (nature.refused !== undefined) throw new TypeError(`${name} is refused: ${nature.refused}`);
  if (inPubsub > 0 && name !== 'PING') throw new RedisError(`${name} is not allowed in pub/sub mode: only the pub/sub commands and PING are`);
  return nature;
}

/** A codec name as Node's `Buffer` knows it, or a `TypeError` naming the bad one. */
export function bufferEncoding(encoding: Encoding): BufferEncoding | null {
  if (encoding === null || Buffer.isEncoding(encoding)) return encoding;
  throw new TypeError(`unknown encoding ${JSON.stringify(encoding)}: use a Node.js BufferEncoding such as 'utf-8', or null for bytes`);
}
