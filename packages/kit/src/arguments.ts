import type {
  AbcChannel,
  AbcPatternChannel,
  AbcPlainChannel,
  ChannelName,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  ExecuteOptions,
  PubsubKind,
} from 'aioredis-abc';
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
function isWellFormed(value: string): boolean {
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
function whatObject(value: unknown): string {
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

const kinds: readonly PubsubKind[] = ['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe'];

/** The pub/sub commands, as the `TypeError`s name them. */
const pubsubCommands = 'SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE';

/** The kind of a pub/sub command, in any case; a `TypeError` for any other command. */
export function pubsubKind(command: string): PubsubKind {
  const kind = typeof command === 'string' ? kinds.find((value) => value === command.toLowerCase()) : undefined;
  const given = typeof command === 'string' ? command : whatObject(command);
  if (kind === undefined) throw new TypeError(`${given} is not a pub/sub command: use one of ${pubsubCommands}`);
  return kind;
}

/** Whether a pub/sub kind is about patterns. */
export function isPatternKind(kind: PubsubKind): kind is 'psubscribe' | 'punsubscribe' {
  return kind === 'psubscribe' || kind === 'punsubscribe';
}

/** One target of `executePubsub()` as an implementation receives it, whatever the command: a name or a channel. */
export type Target = ChannelName | AbcPlainChannel | AbcPatternChannel;

export function isChannelName(target: unknown): target is ChannelName {
  return (typeof target === 'string' && isWellFormed(target)) || target instanceof Uint8Array;
}

/** Whether a value has what a connection uses of a channel object. */
function isChannelObject(value: unknown): value is AbcPlainChannel | AbcPatternChannel {
  if (typeof value !== 'object' || value === null) return false;
  const name: unknown = Reflect.get(value, 'name');
  return (
    isChannelName(name) &&
    typeof Reflect.get(value, 'isPattern') === 'boolean' &&
    ['get', 'putNowait', 'close'].every((member) => typeof Reflect.get(value, member) === 'function')
  );
}

function describe(value: unknown): string {
  return typeof value === 'string' ? 'a string with a lone surrogate' : Object.prototype.toString.call(value);
}

/**
 * The targets of a pub/sub command, checked: at least one, each a name or a
 * channel object of the command's kind. Throws a `TypeError` that says which
 * target is wrong, before anything is sent.
 */
export function checkTargets(kind: PubsubKind, targets: readonly unknown[]): void {
  if (targets.length === 0) throw new TypeError(`${kind.toUpperCase()} needs at least one channel`);
  const pattern = isPatternKind(kind);
  for (const target of targets) {
    if (isChannelName(target)) continue;
    if (!isChannelObject(target)) {
      throw new TypeError(
        `${kind.toUpperCase()}: ${describe(target)} is neither a channel name nor a channel object (name, isPattern, get, putNowait and close)`,
      );
    }
    if (target.isPattern !== pattern) {
      throw new TypeError(
        `${kind.toUpperCase()}: channel ${String(target.name)} is a ${target.isPattern ? 'pattern' : 'plain'} channel: ` +
          `use ${target.isPattern ? 'PSUBSCRIBE and PUNSUBSCRIBE' : 'SUBSCRIBE, SSUBSCRIBE and their UN forms'}`,
      );
    }
  }
}

/** The channel itself when it is a plain one; `checkTargets()` has made sure of it. */
export function plainChannel<M>(channel: AbcChannel<boolean, M>): AbcPlainChannel<M> {
  if (channel.isPattern === false) return channel;
  throw new TypeError(`channel ${String(channel.name)} is a pattern channel: subscribe to it with PSUBSCRIBE`);
}

/** The channel itself when it is a pattern one; `checkTargets()` has made sure of it. */
export function patternChannel<M>(channel: AbcChannel<boolean, M>): AbcPatternChannel<M> {
  if (channel.isPattern === true) return channel;
  throw new TypeError(`channel ${String(channel.name)} is a plain channel: subscribe to it with SUBSCRIBE`);
}

/** Strict, and keeps a leading byte-order mark: it is part of the name. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const first = bytes[i] ?? 0;
  const length = first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  try {
    strictUtf8.decode(bytes.subarray(i, i + length));
    return length;
  } catch {
    return 0;
  }
}

/** Decodes UTF-8, each byte of an invalid sequence as U+DC80–U+DCFF: Python's `surrogateescape`, lossless. */
function surrogateEscape(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      text += String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
      i += 1;
    } else {
      text += strictUtf8.decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return text;
}

/**
 * The key of a channel name in the pub/sub dictionaries: the name's bytes as
 * the server sees them (a text name as UTF-8), decoded with `surrogateescape`.
 * A text name (well-formed: `checkTargets()` refuses others) is its own key;
 * names the server sees as the same bytes share a key, and no two others do.
 */
export function keyOf(name: ChannelName): string {
  if (typeof name === 'string') return name;
  if (Buffer.isBuffer(name)) {
    // Node's own decoder is the fast way; it marks what is not valid UTF-8 with U+FFFD, and only then is the strict path needed.
    const text = name.toString('utf8');
    if (!text.includes('\uFFFD')) return text;
  }
  try {
    return strictUtf8.decode(name);
  } catch {
    return surrogateEscape(name);
  }
}
