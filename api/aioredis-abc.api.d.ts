// The public declarations of aioredis-abc, without comments: written by node scripts/api-report.mjs --update.
/// <reference lib="es2018.asynciterable" />
export type TcpAddress = readonly [
    host: string,
    port: number
];
export type Address = TcpAddress | string;
export type Encoding = string | null;
export type BulkString<E extends Encoding = Encoding> = E extends null ? Uint8Array : null extends string ? string | Uint8Array : string;
export type Reply<E extends Encoding = Encoding> = null | ([
    E
] extends [
    null
] ? Uint8Array | number | ReplyArray<Uint8Array> : null extends E ? string | Uint8Array | number | ReplyArray<string | Uint8Array> : string | number | ReplyArray<string>);
export type ReplyArray<S extends string | Uint8Array = string | Uint8Array> = Array<S | number | null | ReplyArray<S>>;
export type CommandName = string | Uint8Array;
export type CommandArg = string | Uint8Array | number;
export interface ExecuteOptions<O extends Encoding = Encoding> {
    readonly encoding: O;
}
export type ExecuteArgs<O extends Encoding = Encoding> = (CommandArg | ExecuteOptions<O>)[];
export type ChannelName = string | Uint8Array;
export type RawMessage = BulkString<Encoding>;
export type PatternMessage<S = RawMessage, M = S> = readonly [
    channel: S,
    message: M
];
export type ChannelMessage<P extends boolean = boolean, M = RawMessage> = P extends true ? PatternMessage<M> : M;
export type MessageDecoder<M, R> = (message: M) => R;
export type AbcChannel<P extends boolean = boolean, M = RawMessage> = (P extends true ? AbcPatternChannel<M> : never) | (P extends false ? AbcPlainChannel<M> : never);
export interface AbcChannelBase {
    readonly name: ChannelName;
    readonly isActive: boolean;
    close(error?: Error): void;
}
export interface AbcPlainChannel<M = RawMessage> extends AbcChannelBase {
    readonly isPattern: false;
    get(): Promise<M>;
    get<R>(decoder: (message: M) => R): Promise<R>;
    putNowait(data: M): void;
    [Symbol.asyncIterator](): AsyncIterator<M>;
}
export interface AbcPatternChannel<M = RawMessage> extends AbcChannelBase {
    readonly isPattern: true;
    get(): Promise<PatternMessage<M>>;
    get<R>(decoder: (message: M) => R): Promise<PatternMessage<M, R>>;
    putNowait(data: PatternMessage<M>): void;
    [Symbol.asyncIterator](): AsyncIterator<PatternMessage<M>>;
}
export type PubsubCommand = PlainPubsubCommand | PatternPubsubCommand | ShardPubsubCommand;
export type PlainPubsubCommand = "SUBSCRIBE" | "UNSUBSCRIBE" | "subscribe" | "unsubscribe" | "Subscribe" | "Unsubscribe";
export type PatternPubsubCommand = "PSUBSCRIBE" | "PUNSUBSCRIBE" | "psubscribe" | "punsubscribe" | "Psubscribe" | "Punsubscribe";
export type ShardPubsubCommand = "SSUBSCRIBE" | "SUNSUBSCRIBE" | "ssubscribe" | "sunsubscribe" | "Ssubscribe" | "Sunsubscribe";
export type PubsubTarget<C extends PubsubCommand = PubsubCommand, M = RawMessage> = ChannelName | ChannelOfKind<M>[TargetKind<C>];
export type TargetKind<C extends PubsubCommand> = PubsubCommand extends C ? [
    C
] extends [
    ""
] ? "unchecked" : "none" : [
    C
] extends [
    PlainPubsubCommand | ShardPubsubCommand
] ? "plain" : [
    C
] extends [
    PatternPubsubCommand
] ? "pattern" : "none";
export interface ChannelOfKind<M> {
    readonly plain: PlainChannelTarget<M>;
    readonly pattern: PatternChannelTarget<M>;
    readonly none: ChannelNamesOnly;
    readonly unchecked: never;
}
export interface ChannelNamesOnly {
    readonly isPattern: never;
}
export type PlainChannelTarget<M> = AbcPlainChannel & {
    readonly putNowait: (data: M) => void;
};
export type PatternChannelTarget<M> = AbcPatternChannel & {
    readonly putNowait: (data: PatternMessage<M>) => void;
};
export type PubsubTargets<C extends PubsubCommand = PubsubCommand, E extends Encoding = Encoding> = [
    PubsubTarget<C, BulkString<E>>,
    ...PubsubTarget<C, BulkString<E>>[]
];
export type PubsubKind = "subscribe" | "psubscribe" | "ssubscribe" | "unsubscribe" | "punsubscribe" | "sunsubscribe";
export type PubsubConfirmation = readonly [
    kind: PubsubKind,
    channel: ChannelName,
    count: number
];
export type PubsubDictionary<P extends boolean = boolean, M = RawMessage> = ReadonlyMap<string, AbcChannel<P, M>>;
export interface AbcConnection<E extends Encoding = Encoding> {
    readonly address: Address | null;
    readonly db: number;
    readonly encoding: E;
    readonly closed: boolean;
    readonly inPubsub: number;
    readonly pubsubChannels: PubsubDictionary<false, BulkString<E>>;
    readonly pubsubPatterns: PubsubDictionary<true, BulkString<E>>;
    readonly pubsubShardChannels?: PubsubDictionary<false, BulkString<E>>;
    execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
    executePubsub<C extends PubsubCommand>(command: C, ...channels: [
        ChannelName | ChannelOfKind<BulkString<E>>[TargetKind<C>],
        ...(ChannelName | ChannelOfKind<BulkString<E>>[TargetKind<C>])[]
    ]): Promise<PubsubConfirmation[]>;
    close(): void;
    waitClosed(): Promise<void>;
}
export interface AbcPool<C extends PooledConnection = AbcConnection> extends AbcConnection<C["encoding"]> {
    readonly address: Address | null;
    readonly db: number;
    acquire(command?: CommandName, ...args: CommandArg[]): Promise<C>;
    getConnection(command?: CommandName, ...args: CommandArg[]): C | null;
    release(conn: C): void;
}
export interface PooledConnection {
    readonly address: Address | null;
    readonly db: number;
    readonly encoding: Encoding;
    readonly closed: boolean;
    readonly inPubsub: number;
    close(): void;
    waitClosed(): Promise<void>;
}
export interface RedisError extends Error {
    readonly name: RedisErrorName;
}
export type RedisErrorName = "RedisError" | ProtocolError["name"] | ReplyError["name"] | PipelineError["name"] | ChannelClosedError["name"] | ConnectionClosedError["name"] | PoolClosedError["name"] | TimeoutError["name"] | ReadOnlyError["name"] | MasterNotFoundError["name"] | SlaveNotFoundError["name"];
export interface ProtocolError extends RedisError {
    readonly name: "ProtocolError";
}
export interface ReplyError extends RedisError {
    readonly name: "ReplyError" | MaxClientsError["name"] | AuthError["name"];
}
export interface MaxClientsError extends ReplyError {
    readonly name: "MaxClientsError";
}
export interface AuthError extends ReplyError {
    readonly name: "AuthError";
}
export interface PipelineError extends RedisError {
    readonly name: "PipelineError" | MultiExecError["name"];
}
export interface MultiExecError extends PipelineError {
    readonly name: "MultiExecError" | WatchVariableError["name"];
}
export interface WatchVariableError extends MultiExecError {
    readonly name: "WatchVariableError";
}
export interface ChannelClosedError extends RedisError {
    readonly name: "ChannelClosedError";
}
export interface ConnectionClosedError extends RedisError {
    readonly name: "ConnectionClosedError" | ConnectionForcedCloseError["name"];
}
export interface ConnectionForcedCloseError extends ConnectionClosedError {
    readonly name: "ConnectionForcedCloseError";
}
export interface PoolClosedError extends RedisError {
    readonly name: "PoolClosedError";
}
export interface TimeoutError extends RedisError {
    readonly name: "TimeoutError";
}
export interface ReadOnlyError extends RedisError {
    readonly name: "ReadOnlyError";
}
export interface MasterNotFoundError extends RedisError {
    readonly name: "MasterNotFoundError";
}
export interface SlaveNotFoundError extends RedisError {
    readonly name: "SlaveNotFoundError";
}
export {};
