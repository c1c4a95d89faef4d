import { expectAssignable, expectDocCommentIncludes, expectError, expectNotAssignable, expectType } from 'tsd';
import type {
  AbcChannel,
  AbcConnection,
  BulkString,
  Address,
  CommandName,
  Encoding,
  ExecuteArgs,
  PubsubCommand,
  PubsubConfirmation,
  PubsubDictionary,
  PubsubTargets,
  RawMessage,
  PatternMessage,
  Reply,
  TcpAddress,
} from 'aioredis-abc';
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';
import { cache } from '../examples/cache.js';
import { QueueChannel } from '../examples/channel.js';
import { FakeConnection } from '../examples/fake-connection.js';
import { MemoryConnection, MemoryServer } from 'aioredis-abc-memory';

const server = new MemoryServer();

// A plain class implements the interface, generic in its encoding.
const text: AbcConnection<'utf-8'> = new MemoryConnection(server, { encoding: 'utf-8' });
const raw: AbcConnection<null> = new MemoryConnection(server, { encoding: null });
declare const unknown: AbcConnection;

// The bare name is a connection of unknown encoding.
expectType<AbcConnection<Encoding>>(unknown);
expectType<Encoding>(unknown.encoding);
expectType<'utf-8'>(text.encoding);
expectType<null>(raw.encoding);

// Replies are strings with an encoding, bytes without, either when unknown.
expectType<Promise<Reply<'utf-8'>>>(text.execute('GET', 'key'));
expectType<Promise<Reply<null>>>(raw.execute('GET', 'key'));
expectType<Promise<Reply>>(unknown.execute('GET', 'key'));
expectType<Promise<Reply<'utf-8'>>>(text.execute('SET', 'key', new Uint8Array([1]), 'EX', 60));

// A per-call encoding changes the reply type of that call only.
expectType<Promise<Reply<null>>>(text.execute('GET', 'key', { encoding: null }));
expectType<Promise<Reply<'latin1'>>>(raw.execute('GET', 'key', { encoding: 'latin1' }));
expectType<Promise<Reply<null>>>(text.execute('PING', { encoding: null }));
expectType<Promise<Reply<'utf-8'>>>(text.execute('GET', 'key'));

// Arguments are strings, bytes or numbers; null and undefined are refused.
expectError(text.execute('GET', null));
expectError(text.execute('GET', undefined));
expectError(text.execute('SET', 'key', true));
expectError(text.execute('SET', 'key', { value: 1 }));
expectError(text.execute(null));
// The options carry an encoding, nothing else.
expectError(text.execute('GET', 'key', { encoding: 1 }));
expectError(text.execute('GET', 'key', { decoder: JSON.parse }));

// executePubsub takes a pub/sub command and at least one channel of its kind.
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub('SUBSCRIBE', 'news', new Uint8Array([1])));
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub('psubscribe', new PatternChannel('news.*')));
text.executePubsub('subscribe', new PlainChannel('news'), 'weather');
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub('Psubscribe', new PatternChannel('news.*')));
expectError(text.executePubsub('Psubscribe', new PlainChannel('news')));
expectError(text.executePubsub('SubScribe', 'news'));
expectError(text.executePubsub('SUBSCRIBE'));
expectError(text.executePubsub('GET', 'news'));
expectError(text.executePubsub('SUBSCRIBE', new PatternChannel('news.*')));
expectError(text.executePubsub('PSUBSCRIBE', new PlainChannel('news')));
expectError(text.executePubsub('SUBSCRIBE', 42));
// SSUBSCRIBE and SUNSUBSCRIBE take names and plain channels, never patterns.
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub('SSUBSCRIBE', 'news', new PlainChannel<string>('weather')));
expectType<Promise<PubsubConfirmation[]>>(raw.executePubsub('sunsubscribe', new Uint8Array([110])));
expectError(text.executePubsub('SSUBSCRIBE', new PatternChannel('news.*')));
expectError(text.executePubsub('Sunsubscribe', new PatternChannel('news.*')));
expectError(text.executePubsub('SSubscribe', 'news'));
expectError(raw.executePubsub('SSUBSCRIBE', new PlainChannel<string>('news')));

// A command of union type takes only targets valid for every command it may be:
// names, not a channel object of either kind.
declare const eitherKind: 'SUBSCRIBE' | 'PSUBSCRIBE';
declare const anyCommand: PubsubCommand;
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub(eitherKind, 'news', 'news.*'));
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub(anyCommand, new Uint8Array([110])));
expectError(text.executePubsub(eitherKind, new PlainChannel<string>('news')));
expectError(text.executePubsub(eitherKind, new PatternChannel<string>('news.*')));
expectError(text.executePubsub(anyCommand, new PlainChannel<string>('news')));
// A union of commands of one kind keeps that kind's channels.
declare const plainKind: 'SUBSCRIBE' | 'unsubscribe';
expectType<Promise<PubsubConfirmation[]>>(text.executePubsub(plainKind, new PlainChannel<string>('news')));
expectError(text.executePubsub(plainKind, new PatternChannel<string>('news.*')));

// The state is read-only.
expectType<Address | null>(text.address);
expectType<number>(text.db);
expectType<boolean>(text.closed);
expectType<number>(text.inPubsub);
expectError((text.db = 1));
expectError((text.closed = true));
expectError((text.inPubsub = 0));
expectError((text.encoding = 'utf-8'));
expectError((text.address = null));

// The pub/sub dictionaries are read-only twice: the property cannot be
// reassigned, and the dictionary cannot be changed through it.
expectType<PubsubDictionary<false, string>>(text.pubsubChannels);
expectType<AbcChannel<true, string> | undefined>(text.pubsubPatterns.get('news.*'));
expectError((text.pubsubChannels = new Map()));
expectError((text.pubsubPatterns = new Map()));
expectError(text.pubsubChannels.set('news', new PlainChannel('news')));
expectError(text.pubsubChannels.delete('news'));
expectError(text.pubsubChannels.clear());
// @ts-expect-error: a read-only map has no elements to assign (tsd's expectError does not catch this one)
text.pubsubChannels['news'] = new PlainChannel('news');
// The pattern dictionary holds pattern channels only.
expectNotAssignable<PubsubDictionary<true>>(new Map([['news', new PlainChannel('news')]]));

// The channels follow the connection's encoding: strings with a codec, bytes
// without, either when the encoding is not known; a pattern message's channel too.
expectType<Promise<string> | undefined>(text.pubsubChannels.get('news')?.get());
expectType<Promise<Uint8Array> | undefined>(raw.pubsubChannels.get('news')?.get());
expectType<Promise<RawMessage> | undefined>(unknown.pubsubChannels.get('news')?.get());
expectType<Promise<PatternMessage<string>> | undefined>(text.pubsubPatterns.get('news.*')?.get());
expectType<Promise<PatternMessage<Uint8Array>> | undefined>(raw.pubsubPatterns.get('news.*')?.get());
expectType<Promise<PatternMessage<Uint8Array, number>> | undefined>(raw.pubsubPatterns.get('news.*')?.get((message) => message.length));
expectType<PubsubDictionary<true, Uint8Array>>(raw.pubsubPatterns);

// The shard channels have a dictionary of their own, optional on the
// interface (a 0.2 class has none) and there on a class that takes SSUBSCRIBE.
expectType<PubsubDictionary<false, string> | undefined>(text.pubsubShardChannels);
expectType<Promise<Uint8Array> | undefined>(raw.pubsubShardChannels?.get('news')?.get());
expectType<PubsubDictionary<false, string>>(new MemoryConnection(server, { encoding: 'utf-8' }).pubsubShardChannels);
expectError((text.pubsubShardChannels = new Map()));
expectError(text.pubsubShardChannels?.set('news', new PlainChannel('news')));
expectNotAssignable<AbcConnection<'utf-8'>['pubsubShardChannels']>(new Map([['news.*', new PatternChannel<string>('news.*')]]));

// A channel object handed to executePubsub() takes what the connection delivers:
// strings on a connection with a codec, bytes on one without.
text.executePubsub('SUBSCRIBE', new PlainChannel<string>('news'));
raw.executePubsub('SUBSCRIBE', new PlainChannel<Uint8Array>('news'));
raw.executePubsub('PSUBSCRIBE', new PatternChannel<Uint8Array>('news.*'));
expectError(text.executePubsub('SUBSCRIBE', new PlainChannel<Uint8Array>('news')));
expectError(raw.executePubsub('SUBSCRIBE', new PlainChannel<string>('news')));
expectError(raw.executePubsub('PSUBSCRIBE', new PatternChannel<string>('news.*')));
expectError(text.executePubsub('PSUBSCRIBE', new PatternChannel<Uint8Array>('news.*')));
// On a connection of unknown encoding a channel object must take strings and bytes.
expectError(unknown.executePubsub('SUBSCRIBE', new PlainChannel<string>('news')));
expectType<Promise<PubsubConfirmation[]>>(unknown.executePubsub('SUBSCRIBE', new PlainChannel<RawMessage>('news')));
// A channel made in the call takes its message type from the connection.
expectType<Promise<PubsubConfirmation[]>>(raw.executePubsub('SUBSCRIBE', new PlainChannel('news')));
expectType<Promise<PubsubConfirmation[]>>(unknown.executePubsub('PSUBSCRIBE', new PatternChannel('news.*')));

// close() returns nothing to await; waitClosed() is the promise.
expectType<void>(text.close());
expectType<Promise<void>>(text.waitClosed());
expectError(text.close().then(() => {}));

// A connection with an encoding is a connection of unknown encoding, and a
// connection of one encoding is not one of another.
expectAssignable<AbcConnection>(text);
expectAssignable<AbcConnection>(raw);
expectNotAssignable<AbcConnection<null>>(text);
expectNotAssignable<AbcConnection<string>>(raw);

// A function that takes any connection with an encoding accepts every
// implementation of one, a pool included, and refuses a bytes connection.
expectType<Promise<string>>(cache(new MemoryConnection(server, { encoding: 'utf-8' }), 'key', async () => 'value'));
expectType<Promise<string>>(cache(server.createPool({ encoding: 'latin1' }), 'key', async () => 'value'));
expectError(cache(new MemoryConnection(server, { encoding: null }), 'key', async () => 'value'));

// The README's fake connection: canned replies and no cast. It is a connection
// with an encoding, and code written against the contract takes it.
const fake = new FakeConnection({ GET: 'cached' });
expectAssignable<AbcConnection<'utf-8'>>(fake);
expectAssignable<AbcConnection>(fake);
expectType<Promise<Reply<'utf-8'>>>(fake.execute('GET', 'key'));
expectType<Promise<Reply<null>>>(fake.execute('GET', 'key', { encoding: null }));
expectType<Promise<string>>(cache(fake, 'key', async () => 'loaded'));

// An object literal fakes one too: its execute is a function that declares the
// interface's signature as an overload. Without it, each reply needs a cast.
function execute<O extends Encoding = 'utf-8'>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
async function execute(): Promise<Reply> {
  return 'OK';
}
const literal: AbcConnection<'utf-8'> = {
  address: null,
  db: 0,
  encoding: 'utf-8',
  closed: false,
  inPubsub: 0,
  pubsubChannels: new Map(),
  pubsubPatterns: new Map(),
  execute,
  executePubsub: async () => [],
  close() {},
  waitClosed: async () => {},
};
expectNotAssignable<AbcConnection<'utf-8'>>({ ...literal, execute: async () => 'OK' });

// Code that holds an implementing class, not the interface, subscribes its own
// channel objects: the class declares the interface's signature as an overload.
const memory = new MemoryConnection(server, { encoding: 'utf-8' });
expectType<Promise<PubsubConfirmation[]>>(memory.executePubsub('SUBSCRIBE', new PlainChannel('news')));
expectType<Promise<PubsubConfirmation[]>>(memory.executePubsub('PSUBSCRIBE', new PatternChannel('news.*')));
expectType<Promise<PubsubConfirmation[]>>(memory.executePubsub('subscribe', new QueueChannel('news')));
expectError(memory.executePubsub('SUBSCRIBE', new PatternChannel('news.*')));
expectError(new MemoryConnection(server, { encoding: null }).executePubsub('SUBSCRIBE', new QueueChannel<string>('news')));
expectType<Promise<PubsubConfirmation[]>>(fake.executePubsub('SUBSCRIBE', new QueueChannel('news')));

// A class that leaves a member out, or gets one wrong, is not a connection.
class Base {
  readonly address: TcpAddress = ['127.0.0.1', 6379];
  readonly db = 0;
  readonly encoding = 'utf-8';
  readonly closed = false;
  readonly inPubsub = 0;
  readonly pubsubChannels = new Map<string, AbcChannel<false, string>>();
  readonly pubsubPatterns = new Map<string, AbcChannel<true, string>>();
  execute<O extends Encoding = 'utf-8'>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(): Promise<Reply> {
    return null;
  }
  executePubsub<C extends PubsubCommand>(command: C, ...channels: PubsubTargets<C, 'utf-8'>): Promise<PubsubConfirmation[]>;
  async executePubsub(): Promise<PubsubConfirmation[]> {
    return [];
  }
  close(): void {}
  async waitClosed(): Promise<void> {}
}
expectAssignable<AbcConnection<'utf-8'>>(new Base());

// Each misfit is that class with one member left out or of the wrong type.
type Misfit<K extends keyof Base, T = never> = Omit<Base, K> & ([T] extends [never] ? unknown : { readonly [P in K]: T });
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'waitClosed'>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'executePubsub'>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'pubsubPatterns'>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'db', string>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'inPubsub', boolean>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'address', number>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'encoding', null>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'execute', () => Promise<unknown>>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'execute', () => Promise<Uint8Array>>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'waitClosed', () => void>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'pubsubPatterns', ReadonlyMap<string, AbcChannel<false>>>);
expectNotAssignable<AbcConnection<'utf-8'>>({} as Misfit<'pubsubChannels', Record<string, AbcChannel<false>>>);

// Decision (README): an execute() that takes less than the contract promises,
// only strings, is not refused at implements: execute stays a method, and
// TypeScript compares a method's parameters both ways.
expectAssignable<AbcConnection<'utf-8'>>(
  {} as Omit<Base, 'execute'> & { execute<O extends Encoding = 'utf-8'>(command: string, ...args: string[]): Promise<Reply<O>> },
);

// The hover of the most used members tells what an implementer must do.
expectDocCommentIncludes<'ReplyError'>(text.execute);
expectDocCommentIncludes<'overload'>(text.execute);
expectDocCommentIncludes<'in_pubsub'>(text.inPubsub);
expectDocCommentIncludes<'from the moment closing starts'>(text.closed);
expectDocCommentIncludes<'more than once'>(text.waitClosed);
expectDocCommentIncludes<'ConnectionClosedError'>(text.close);
expectDocCommentIncludes<'rejects with a `ConnectionForcedCloseError`'>(text.close);
expectDocCommentIncludes<'A `READONLY` error'>(text.execute);
expectDocCommentIncludes<'Decision:'>(text.execute);
expectDocCommentIncludes<'After the connection is lost, it is empty.'>(text.pubsubChannels);
expectDocCommentIncludes<'pool'>(text.address);

// Code generic in the encoding subscribes a channel object of the messages
// that encoding delivers; one of the other kind is still refused.
async function subscribeAll<E extends Encoding>(conn: AbcConnection<E>, channel: AbcChannel<false, BulkString<E>>, pattern: AbcChannel<true, BulkString<E>>): Promise<void> {
  await conn.executePubsub('SUBSCRIBE', channel, 'weather');
  await conn.executePubsub('PSUBSCRIBE', pattern);
  expectError(conn.executePubsub('SUBSCRIBE', pattern));
}
void subscribeAll(text, new PlainChannel<string>('news'), new PatternChannel<string>('news.*'));

// A channel built before the call with a class's default message type takes
// strings, so a connection of strings takes it; a channel of bytes does not.
const built = new PlainChannel('news');
expectType<PlainChannel<RawMessage>>(built);
text.executePubsub('SUBSCRIBE', built);
text.executePubsub('PSUBSCRIBE', new PatternChannel('news.*'));
expectError(text.executePubsub('SUBSCRIBE', new PlainChannel<Uint8Array>('news')));
expectError(raw.executePubsub('SUBSCRIBE', new PlainChannel<string>('news')));
// A connection that may deliver bytes refuses a channel that takes strings only,
// however it is typed.
expectError(unknown.executePubsub('SUBSCRIBE', new PlainChannel<string>('news')));
expectError(unknown.executePubsub('SUBSCRIBE', {} as AbcChannel<false, string>));

// Code that passes a command on, generic in it, compiles.
function forward<C extends PubsubCommand>(conn: AbcConnection, command: C, ...channels: PubsubTargets<C, Encoding>): Promise<PubsubConfirmation[]> {
  return conn.executePubsub(command, ...channels);
}
void forward(unknown, 'SUBSCRIBE', new PlainChannel('news'));
