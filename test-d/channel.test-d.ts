import { expectAssignable, expectDocCommentIncludes, expectError, expectNotAssignable, expectType } from 'tsd';
import type { AbcChannel, AbcPatternChannel, AbcPlainChannel, ChannelMessage, PatternMessage, RawMessage } from 'aioredis-abc';
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';
import { QueueChannel } from '../examples/channel.js';

// A plain class implements a plain channel and a pattern channel.
const plain: AbcChannel<false, string> = new PlainChannel<string>('news');
const pattern: AbcChannel<true, string> = new PatternChannel<string>('news.*');

// isPattern carries the kind as a literal.
expectType<false>(plain.isPattern);
expectType<true>(pattern.isPattern);

// A plain channel's get() resolves with the message, a pattern channel's with the pair.
expectType<Promise<string>>(plain.get());
expectType<Promise<PatternMessage<string>>>(pattern.get());
declare const received: PatternMessage<string>;
expectType<string>(received[0]);
expectType<string>(received[1]);
// The channel a pattern message came from is decoded as the message is; a decoder changes the message only.
declare const decoded: PatternMessage<Uint8Array, number>;
expectType<Uint8Array>(decoded[0]);
expectType<number>(decoded[1]);

// A channel whose kind is not known delivers either shape, and isPattern tells which.
declare const unknownKind: AbcChannel;
expectType<Promise<PatternMessage<RawMessage>> | Promise<RawMessage>>(unknownKind.get());
expectType<boolean>(unknownKind.isPattern);
if (unknownKind.isPattern) {
  expectType<Promise<PatternMessage<RawMessage>>>(unknownKind.get());
} else {
  expectType<Promise<RawMessage>>(unknownKind.get());
}
// Comparing with true picks the right get() with or without strictNullChecks
// (the truthiness check above needs it): the form the README shows.
if (unknownKind.isPattern === true) {
  expectType<Promise<PatternMessage<RawMessage>>>(unknownKind.get());
} else {
  expectType<Promise<RawMessage>>(unknownKind.get());
}
expectType<AbcPlainChannel<string> | AbcPatternChannel<string>>({} as AbcChannel<boolean, string>);
expectType<AbcPatternChannel>({} as AbcChannel<true>);

// A typed decoder's result becomes the message type.
interface Event {
  readonly id: number;
}
const parse = (message: string): Event => JSON.parse(message);
expectType<Promise<Event>>(plain.get(parse));
expectType<Promise<PatternMessage<string, Event>>>(pattern.get(parse));
expectType<Promise<number>>(plain.get((message) => message.length));

// The decoder takes the channel's message type, and nothing else.
expectError(plain.get((message: number) => message));
expectError(plain.get('json'));

// putNowait takes the shape the channel delivers.
plain.putNowait('hello');
pattern.putNowait(['news.sport', 'hello']);
expectError(plain.putNowait(['news.sport', 'hello']));
expectError(pattern.putNowait('hello'));
expectError(plain.putNowait(42));

// close() takes an optional reason and returns nothing to await.
expectType<void>(plain.close());
expectType<void>(plain.close(new Error('connection closed')));
expectError(plain.close('connection closed'));

// Read-only properties.
expectError((plain.isActive = false));
expectError((plain.name = 'other'));
expectError((pattern.isPattern = true));

// A pattern channel is not a plain channel, nor the other way round.
expectNotAssignable<AbcChannel<false>>(new PatternChannel('news.*'));
expectNotAssignable<AbcChannel<true>>(new PlainChannel('news'));
// Both are channels of unknown kind.
const patternNews = new PatternChannel('news.*');
const plainNews = new PlainChannel('news');
expectAssignable<AbcChannel>(patternNews);
expectAssignable<AbcChannel>(plainNews);

// A class with a get() that resolves with the wrong shape is not a channel.
class WrongShapeChannel {
  readonly name = 'news';
  readonly isPattern = true;
  readonly isActive = true;
  async get(): Promise<string> {
    return 'message';
  }
  putNowait(_data: PatternMessage): void {}
  close(): void {}
}
expectNotAssignable<AbcChannel<true>>(new WrongShapeChannel());

// A reader of any channel takes any channel class, one whose putNowait() takes
// strings only included; a connection that may deliver bytes refuses it (see
// connection.test-d.ts), since putNowait() is checked where a channel is given.
class StringsOnly {
  readonly name = 'news';
  readonly isPattern = false;
  readonly isActive = true;
  get(): Promise<string>;
  get<R>(decoder: (message: string) => R): Promise<R>;
  async get<R>(decoder?: (message: string) => R): Promise<string | R> {
    return decoder ? decoder('message') : 'message';
  }
  putNowait(_data: string): void {}
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return { next: async () => ({ value: 'message', done: false }) };
  }
  close(): void {}
}
function read(channel: AbcChannel): Promise<RawMessage> {
  return channel.isPattern === true ? channel.get().then(([, message]) => message) : channel.get();
}
expectType<Promise<RawMessage>>(read(new StringsOnly()));
expectType<Promise<RawMessage>>(read(new PlainChannel<string>('news')));
expectAssignable<AbcChannel<false>>(new StringsOnly());
expectNotAssignable<AbcChannel<false, Uint8Array>>(new StringsOnly());
// A channel of strings is still a channel of strings or bytes to a reader.
expectAssignable<AbcChannel<false>>({} as AbcChannel<false, string>);
expectAssignable<AbcChannel<true>>({} as AbcChannel<true, Uint8Array>);

// A class without close() is not a channel.
class UnclosableChannel {
  readonly name = 'news';
  readonly isPattern = false;
  readonly isActive = true;
  async get(): Promise<RawMessage> {
    return 'message';
  }
  putNowait(_data: RawMessage): void {}
}
expectNotAssignable<AbcChannel<false>>(new UnclosableChannel());

// The README's channel implements a plain channel of any message type, with no cast.
const queue: AbcChannel<false, string> = new QueueChannel<string>('news');
expectType<Promise<string>>(queue.get());
expectType<Promise<number>>(queue.get((message) => message.length));
expectAssignable<AbcPlainChannel<Uint8Array>>(new QueueChannel<Uint8Array>(new Uint8Array([110])));
expectNotAssignable<AbcChannel<true>>(new QueueChannel('news'));

// The bare name is a channel of either kind, a union: a class cannot implement
// it (TS2422), and names its kind instead.
// @ts-expect-error: a class implements one kind of channel: AbcChannel<false> or AbcChannel<true>
class BareChannel extends QueueChannel implements AbcChannel {}
class PlainKind extends QueueChannel implements AbcChannel<false> {}
class PlainInterface extends QueueChannel implements AbcPlainChannel {}
expectAssignable<AbcChannel>(new BareChannel('news'));
expectAssignable<AbcChannel>(new PlainKind('news'));
expectAssignable<AbcChannel>(new PlainInterface('news'));

// ChannelMessage picks the shape from the kind.
expectType<string>({} as ChannelMessage<false, string>);
expectType<PatternMessage<string>>({} as ChannelMessage<true, string>);

expectDocCommentIncludes<'ChannelClosedError'>(plain.get);
expectDocCommentIncludes<'end-of-stream'>(plain.get);
expectDocCommentIncludes<'is_pattern'>(plain.isPattern);

// A channel is read with for await, typed by its messages: every channel has
// the iterator, so a reader of any channel the contract gives loops over it.
async function loopOver(plain: PlainChannel<string>, pattern: PatternChannel<Uint8Array>, any: AbcChannel<false>): Promise<void> {
  for await (const message of plain) expectType<string>(message);
  for await (const pair of pattern) expectType<PatternMessage<Uint8Array>>(pair);
  for await (const message of any) expectType<RawMessage>(message);
}
void loopOver;
