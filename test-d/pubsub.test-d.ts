import { expectAssignable, expectNotAssignable, expectType } from 'tsd';
import type {
  AbcChannel,
  AbcPatternChannel,
  AbcPlainChannel,
  ChannelName,
  ChannelNamesOnly,
  PatternPubsubCommand,
  PlainPubsubCommand,
  PubsubCommand,
  PubsubConfirmation,
  PubsubDictionary,
  PubsubKind,
  PubsubTarget,
  ShardPubsubCommand,
  PlainChannelTarget,
  PatternChannelTarget,
  RawMessage,
} from 'aioredis-abc';
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';

// The pattern commands are told apart from the plain ones, in either case.
expectAssignable<PatternPubsubCommand>('PSUBSCRIBE');
expectAssignable<PatternPubsubCommand>('punsubscribe');
expectNotAssignable<PatternPubsubCommand>('SUBSCRIBE');
expectNotAssignable<PatternPubsubCommand>('unsubscribe');
expectAssignable<PlainPubsubCommand>('UNSUBSCRIBE');
expectNotAssignable<PlainPubsubCommand>('PSUBSCRIBE');
expectType<PatternChannelTarget<RawMessage>>({} as Exclude<PubsubTarget<'PSUBSCRIBE'>, ChannelName>);
expectType<PlainChannelTarget<RawMessage>>({} as Exclude<PubsubTarget<'unsubscribe'>, ChannelName>);
expectType<PlainChannelTarget<string>>({} as Exclude<PubsubTarget<'SUBSCRIBE', string>, ChannelName>);
// A target takes a channel by what its putNowait() takes, whatever its get() gives.
expectAssignable<PlainChannelTarget<string>>(new PlainChannel<RawMessage>('news'));
expectNotAssignable<PlainChannelTarget<string>>(new PlainChannel<Uint8Array>('news'));
expectAssignable<AbcPlainChannel>({} as PlainChannelTarget<string>);
expectAssignable<AbcPatternChannel>({} as PatternChannelTarget<Uint8Array>);

// The shard commands are a kind of their own, that takes plain channels.
expectAssignable<ShardPubsubCommand>('SSUBSCRIBE');
expectAssignable<ShardPubsubCommand>('sunsubscribe');
expectAssignable<PubsubCommand>('Ssubscribe');
expectNotAssignable<ShardPubsubCommand>('SUBSCRIBE');
expectNotAssignable<PlainPubsubCommand>('SSUBSCRIBE');
expectNotAssignable<PubsubCommand>('SPUBLISH');
expectNotAssignable<PubsubCommand>('SSubscribe');
expectType<PlainChannelTarget<RawMessage>>({} as Exclude<PubsubTarget<'SSUBSCRIBE'>, ChannelName>);
expectType<PlainChannelTarget<string>>({} as Exclude<PubsubTarget<'SUBSCRIBE' | 'SUNSUBSCRIBE', string>, ChannelName>);
expectType<ChannelNamesOnly>({} as Exclude<PubsubTarget<'SSUBSCRIBE' | 'PSUBSCRIBE'>, ChannelName>);
expectAssignable<PubsubTarget<'SSUBSCRIBE'>>(new PlainChannel('news'));
expectNotAssignable<PubsubTarget<'SSUBSCRIBE'>>(new PatternChannel('news.*'));
expectNotAssignable<PubsubTarget<'sunsubscribe'>>(new PatternChannel('news.*'));

// A command that may be of either kind takes only what fits every command it
// may be: a name. The rest is ChannelNamesOnly, which no channel fits, so that
// the compiler's message names the rule.
expectType<ChannelNamesOnly>({} as Exclude<PubsubTarget<'SUBSCRIBE' | 'PSUBSCRIBE'>, ChannelName>);
expectType<ChannelNamesOnly>({} as Exclude<PubsubTarget, ChannelName>);
expectNotAssignable<ChannelNamesOnly>(new PlainChannel<RawMessage>('news'));
expectNotAssignable<ChannelNamesOnly>({} as AbcPatternChannel);
expectType<PlainChannelTarget<RawMessage>>({} as Exclude<PubsubTarget<'SUBSCRIBE' | 'unsubscribe'>, ChannelName>);

// Only the four pub/sub commands are pub/sub commands, in upper or lower case
// or capitalized.
expectAssignable<PubsubCommand>('subscribe');
expectAssignable<PubsubCommand>('Subscribe');
expectAssignable<PatternPubsubCommand>('Punsubscribe');
expectAssignable<PlainPubsubCommand>('Unsubscribe');
expectNotAssignable<PubsubCommand>('SubScribe');
expectNotAssignable<PubsubCommand>('PUBLISH');
expectNotAssignable<PubsubCommand>('GET');

// A target is a name, bytes, or a channel of the command's kind.
expectAssignable<PubsubTarget<'SUBSCRIBE'>>('news');
expectAssignable<PubsubTarget<'SUBSCRIBE'>>(new Uint8Array([110]));
expectAssignable<PubsubTarget<'SUBSCRIBE'>>(new PlainChannel('news'));
expectAssignable<PubsubTarget<'PSUBSCRIBE'>>(new PatternChannel('news.*'));
expectNotAssignable<PubsubTarget<'SUBSCRIBE'>>(new PatternChannel('news.*'));
expectNotAssignable<PubsubTarget<'PSUBSCRIBE'>>(new PlainChannel('news'));

// A confirmation is a read-only (kind, channel, count) triple.
declare const confirmation: PubsubConfirmation;
expectType<PubsubKind>(confirmation[0]);
expectType<string | Uint8Array>(confirmation[1]);
expectType<number>(confirmation[2]);
expectAssignable<PubsubConfirmation>(['subscribe', 'news', 1]);
expectNotAssignable<PubsubConfirmation>(['SUBSCRIBE', 'news', 1]);
expectAssignable<PubsubConfirmation>(['ssubscribe', 'news', 1]);
expectAssignable<PubsubConfirmation>(['sunsubscribe', 'news', 0]);
expectNotAssignable<PubsubConfirmation>(['smessage', 'news', 1]);
expectNotAssignable<PubsubConfirmation>(['subscribe', 'news', '1']);

// A dictionary maps names to channels of its kind.
declare const patterns: PubsubDictionary<true>;
expectType<AbcChannel<true> | undefined>(patterns.get('news.*'));
expectType<ReadonlyMap<string, AbcChannel>>({} as PubsubDictionary);
