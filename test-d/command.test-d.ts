import { expectAssignable, expectDocCommentIncludes, expectNotAssignable } from 'tsd';
import type { CommandArg, CommandName, ExecuteArgs, ExecuteOptions } from 'aioredis-abc';

// A command is a name or bytes; an argument is a string, bytes or a number.
expectAssignable<CommandName>('get');
expectAssignable<CommandName>(new Uint8Array([71, 69, 84]));
expectAssignable<CommandArg[]>(['key', new Uint8Array(), 42]);

// Null and undefined arguments are refused.
expectNotAssignable<CommandArg>(null);
expectNotAssignable<CommandArg>(undefined);
expectNotAssignable<CommandArg>(true);
expectNotAssignable<CommandArg>({ key: 'value' });

// The options object carries the encoding of the call.
expectAssignable<ExecuteArgs<null>>(['key', { encoding: null }]);
expectAssignable<ExecuteArgs>(['key', 1]);
expectNotAssignable<ExecuteArgs<null>>(['key', { encoding: 'utf-8' }]);
expectNotAssignable<ExecuteArgs>(['key', { codec: 'utf-8' }]);
expectNotAssignable<ExecuteOptions>({ encoding: 42 });

declare const options: ExecuteOptions;
expectDocCommentIncludes<'encoding='>(options.encoding);
