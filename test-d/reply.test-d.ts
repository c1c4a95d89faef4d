import { expectAssignable, expectNotAssignable, expectType } from 'tsd';
import type { BulkString, Encoding, Reply, ReplyArray } from 'aioredis-abc';

// A bulk string is a string with an encoding, bytes without, either when unknown.
expectType<string>({} as BulkString<'utf-8'>);
expectType<string>({} as BulkString<string>);
expectType<Uint8Array>({} as BulkString<null>);
expectType<string | Uint8Array>({} as BulkString<Encoding>);
expectType<string | Uint8Array>({} as BulkString);
expectType<string | Uint8Array>({} as BulkString<'utf-8' | null>);

// A reply is a bulk string, an integer, nil or an array of replies, nested.
declare const decoded: Reply<'utf-8'>;
expectType<string | number | null | ReplyArray<string>>(decoded);
expectAssignable<Reply<'utf-8'>>(['OK', 1, null, ['nested', [2, null]]]);
expectAssignable<Reply<null>>([new Uint8Array([1]), 1, null, [new Uint8Array(), [2]]]);
declare const array: ReplyArray<Uint8Array>;
expectType<Reply<null> | undefined>(array[0]);

// A reply of any one encoding is a reply of unknown encoding.
expectAssignable<Reply>({} as Reply<null>);
expectAssignable<Reply>({} as Reply<'utf-8'>);
expectAssignable<Reply<'utf-8'> | Reply>({} as Reply<null>);

// The encoding shows in every depth: a string never hides in a bytes reply.
expectNotAssignable<Reply<null>>('OK');
expectNotAssignable<Reply<null>>([['OK']]);
expectNotAssignable<Reply<'utf-8'>>(new Uint8Array());
expectNotAssignable<Reply<'utf-8'>>([[new Uint8Array()]]);
// An error reply is never a value, and there is no undefined reply.
expectNotAssignable<Reply>(new Error('ERR'));
expectNotAssignable<Reply>(undefined);
