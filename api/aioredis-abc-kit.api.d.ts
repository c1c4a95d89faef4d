// The public declarations of aioredis-abc-kit, without comments: written by node scripts/api-report.mjs --update.
import * as abc from "aioredis-abc";
import { AbcChannel, AbcConnection, AbcPlainChannel, AbcPool, Address, ChannelName, CommandArg, CommandName, Encoding, ExecuteArgs, MessageDecoder, PatternMessage, PubsubCommand, PubsubConfirmation, PubsubKind, PubsubTargets, RawMessage, Reply } from "aioredis-abc";
import { EventEmitter } from "node:events";
import { ConnectionOptions as TlsOptions } from "node:tls";
export declare class PlainChannel<M = RawMessage> implements AbcChannel<false, M> {
    #private;
    readonly name: ChannelName;
    readonly isPattern = false;
    constructor(name: ChannelName);
    get isActive(): boolean;
    get(): Promise<M>;
    get<R>(decoder: MessageDecoder<M, R>): Promise<R>;
    putNowait(data: M): void;
    [Symbol.asyncIterator](): AsyncIterator<M, undefined>;
    close(error?: Error): void;
}
export declare class PatternChannel<M = RawMessage> implements AbcChannel<true, M> {
    #private;
    readonly name: ChannelName;
    readonly isPattern = true;
    constructor(name: ChannelName);
    get isActive(): boolean;
    get(): Promise<PatternMessage<M>>;
    get<R>(decoder: MessageDecoder<M, R>): Promise<PatternMessage<M, R>>;
    putNowait(data: PatternMessage<M>): void;
    [Symbol.asyncIterator](): AsyncIterator<PatternMessage<M>, undefined>;
    close(error?: Error): void;
}
export declare class RedisError extends Error implements abc.RedisError {
    readonly name: abc.RedisErrorName;
}
export declare class ReplyError extends RedisError implements abc.ReplyError {
    readonly name: abc.ReplyError["name"];
}
export declare class MaxClientsError extends ReplyError implements abc.MaxClientsError {
    readonly name = "MaxClientsError";
}
export declare class AuthError extends ReplyError implements abc.AuthError {
    readonly name = "AuthError";
}
export declare class ReadOnlyError extends RedisError implements abc.ReadOnlyError {
    readonly name = "ReadOnlyError";
}
export declare class ProtocolError extends RedisError implements abc.ProtocolError {
    readonly name = "ProtocolError";
}
export declare class ChannelClosedError extends RedisError implements abc.ChannelClosedError {
    readonly name = "ChannelClosedError";
}
export declare class ConnectionClosedError extends RedisError implements abc.ConnectionClosedError {
    readonly name: abc.ConnectionClosedError["name"];
}
export declare class ConnectionForcedCloseError extends ConnectionClosedError implements abc.ConnectionForcedCloseError {
    readonly name = "ConnectionForcedCloseError";
}
export declare class PoolClosedError extends RedisError implements abc.PoolClosedError {
    readonly name = "PoolClosedError";
}
export declare class TimeoutError extends RedisError implements abc.TimeoutError {
    readonly name = "TimeoutError";
}
export declare function replyError(message: string, cause?: Error): ReplyError | ReadOnlyError;
export declare class MasterNotFoundError extends RedisError implements abc.MasterNotFoundError {
    readonly name = "MasterNotFoundError";
}
export declare class SlaveNotFoundError extends RedisError implements abc.SlaveNotFoundError {
    readonly name = "SlaveNotFoundError";
}
type ShardsMovedHandler = (channels: readonly AbcPlainChannel<RawMessage>[]) => void;
export interface ReusableConnection extends AbcConnection {
    readonly inTransaction: boolean;
    readonly stateChanged: boolean;
    readonly pendingCommands: number;
    onShardsMoved?(handler: ShardsMovedHandler | null): void;
}
export interface PoolOptions<C extends ReusableConnection> {
    readonly create: () => Promise<C>;
    readonly createServerWide?: () => Promise<C>;
    readonly maxsize: number;
    readonly address: Address | null;
    readonly encoding: C["encoding"];
    readonly db: number;
    readonly acquireTimeout: number | null;
}
export declare class ConnectionPool<C extends ReusableConnection> implements AbcPool<C> {
    #private;
    readonly address: Address | null;
    readonly encoding: C["encoding"];
    readonly db: number;
    constructor(options: PoolOptions<C>);
    get closed(): boolean;
    get size(): number;
    get inPubsub(): number;
    get pubsubChannels(): AbcPool<C>["pubsubChannels"];
    get pubsubPatterns(): AbcPool<C>["pubsubPatterns"];
    get pubsubShardChannels(): AbcPool<C>["pubsubChannels"];
    acquire(_command?: CommandName, ..._args: CommandArg[]): Promise<C>;
    getConnection(_command?: CommandName, ..._args: CommandArg[]): C | null;
    release(conn: C): void;
    execute<O extends Encoding = C["encoding"]>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
    executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C["encoding"]>): Promise<PubsubConfirmation[]>;
    close(): void;
    waitClosed(): Promise<void>;
}
export interface ConnectOptions<E extends Encoding> {
    readonly url?: string;
    readonly host?: string;
    readonly port?: number;
    readonly path?: string;
    readonly tls?: boolean | TlsOptions;
    readonly username?: string;
    readonly password?: string;
    readonly db?: number;
    readonly name?: string;
    readonly connectTimeout?: number | null;
    readonly commandTimeout?: number | null;
    readonly keepAlive?: number | false;
    readonly encoding: E;
}
export interface ServerPoolOptions<E extends Encoding> extends ConnectOptions<E> {
    readonly maxsize?: number;
    readonly acquireTimeout?: number | null;
}
export interface ResolvedOptions<E extends Encoding> {
    readonly address: Address;
    readonly tls: TlsOptions | null;
    readonly username: string | undefined;
    readonly password: string | undefined;
    readonly db: number;
    readonly name: string | undefined;
    readonly connectTimeout: number | null;
    readonly commandTimeout: number | null;
    readonly keepAlive: number | false;
    readonly encoding: E;
}
export declare const defaultTimeout = 10000;
export declare function resolveOptions<E extends Encoding>(options: ConnectOptions<E>): ResolvedOptions<E>;
export declare function checkMaxsize(maxsize: unknown): number;
export interface ClientPoolOptions<Client, E extends Encoding> {
    readonly client: Client;
    readonly encoding: E;
    readonly maxsize?: number;
    readonly acquireTimeout?: number | null;
    readonly commandTimeout?: number | null;
}
export interface SentinelPoolOptions<E extends Encoding> extends Omit<ServerPoolOptions<E>, "url" | "host" | "port" | "path"> {
    readonly service: string;
    readonly sentinels: readonly (readonly [
        host: string,
        port: number
    ])[];
    readonly role?: "master" | "replica";
}
export interface ClusterPoolOptions<E extends Encoding> extends Omit<ServerPoolOptions<E>, "url" | "host" | "port" | "path" | "db"> {
    readonly nodes: readonly (readonly [
        host: string,
        port: number
    ])[];
}
export type Connector<C extends ReusableConnection, E extends Encoding> = (options: ConnectOptions<E>) => Promise<C>;
export declare class SentinelPool<C extends ReusableConnection> implements AbcPool<C> {
    #private;
    readonly encoding: C["encoding"];
    readonly db: number;
    constructor(options: SentinelPoolOptions<C["encoding"]>, connect: Connector<C, C["encoding"]>);
    get address(): Address | null;
    get closed(): boolean;
    get inPubsub(): number;
    get pubsubChannels(): AbcPool<C>["pubsubChannels"];
    get pubsubPatterns(): AbcPool<C>["pubsubPatterns"];
    get pubsubShardChannels(): AbcPool<C>["pubsubChannels"];
    acquire(_command?: CommandName, ..._args: CommandArg[]): Promise<C>;
    getConnection(_command?: CommandName, ..._args: CommandArg[]): C | null;
    release(conn: C): void;
    execute<O extends Encoding = C["encoding"]>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
    executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C["encoding"]>): Promise<PubsubConfirmation[]>;
    close(): void;
    waitClosed(): Promise<void>;
}
export declare class ClusterPool<C extends ReusableConnection> implements AbcPool<C> {
    #private;
    readonly address: null;
    readonly encoding: C["encoding"];
    readonly db = 0;
    constructor(options: ClusterPoolOptions<C["encoding"]>, connect: Connector<C, C["encoding"]>);
    get closed(): boolean;
    get inPubsub(): number;
    get pubsubChannels(): AbcPool<C>["pubsubChannels"];
    get pubsubPatterns(): AbcPool<C>["pubsubPatterns"];
    get pubsubShardChannels(): AbcPool<C>["pubsubChannels"];
    execute<O extends Encoding = C["encoding"]>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
    acquire(command?: CommandName, ...args: CommandArg[]): Promise<C>;
    getConnection(command?: CommandName, ...args: CommandArg[]): C | null;
    release(conn: C): void;
    executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C["encoding"]>): Promise<PubsubConfirmation[]>;
    close(): void;
    waitClosed(): Promise<void>;
}
export type ErrorKind = "reply" | "closed" | "protocol" | "other";
export type WireArg = string | Buffer;
export interface ClientLink {
    send(command: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown>;
    sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void>;
    close(): void;
    shardChannels?(): readonly string[];
}
export interface ClientEvents {
    readonly connection: ReusableConnection;
    message(channel: Buffer, message: Buffer): void;
    pattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void;
    patternText(text: string, channel: Buffer, message: Buffer): void;
    shard(channel: Buffer, message: Buffer): void;
    shardsUnsubscribed(names: readonly (string | Buffer)[]): void;
    shardsMoved(): void;
    ended(cause?: Error): void;
    unparsable(cause: Error): void;
}
export interface ClientPlace {
    readonly address: Address;
    readonly db: number;
    readonly tls: boolean;
}
export interface OwnAdapter<Client> {
    readonly name: string;
    create(options: ResolvedOptions<Encoding>): Client;
    ready(client: Client): Promise<void>;
    attach(client: Client, events: ClientEvents): ClientLink;
    classify(error: unknown): ErrorKind;
}
export interface Adapter<Client> extends OwnAdapter<Client> {
    duplicate(client: Client): Client;
    where(client: Client): ClientPlace;
    problem(client: unknown): string | undefined;
}
export interface WrapOptions<E extends Encoding> {
    readonly encoding: E;
    readonly commandTimeout?: number | null;
}
export declare abstract class ClientConnection<E extends Encoding> implements AbcConnection<E> {
    #private;
    readonly address: Address | null;
    readonly encoding: E;
    protected constructor(options: ConnectOptions<E>, address?: Address | null);
    protected abstract send(command: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown>;
    protected abstract sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void>;
    protected abstract classify(error: unknown): ErrorKind;
    protected abstract disconnect(): void;
    protected handshake(): Promise<void>;
    get db(): number;
    get closed(): boolean;
    get inPubsub(): number;
    get pubsubChannels(): AbcConnection<E>["pubsubChannels"];
    get pubsubPatterns(): AbcConnection<E>["pubsubPatterns"];
    get pubsubShardChannels(): AbcConnection<E>["pubsubChannels"];
    get inTransaction(): boolean;
    get stateChanged(): boolean;
    get pendingCommands(): number;
    execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
    executePubsub<C extends PubsubCommand>(command: C, ...targets: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
    protected receive(channel: Buffer, message: Buffer): void;
    protected receiveShard(channel: Buffer, message: Buffer): void;
    onShardsMoved(handler: ShardsMovedHandler | null): void;
    protected shardsUnsubscribed(names: readonly (string | Buffer)[]): void;
    protected receivePattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void;
    protected unparsable(cause: Error): ProtocolError;
    protected ended(cause?: Error): void;
    close(): void;
    waitClosed(): Promise<void>;
}
export declare class AdapterConnection<Client, E extends Encoding> extends ClientConnection<E> implements AbcConnection<E> {
    #private;
    readonly address: Address;
    static connect<Client, E extends Encoding>(adapter: OwnAdapter<Client>, options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>>;
    static wrap<Client, E extends Encoding>(adapter: Adapter<Client>, client: Client, options: WrapOptions<E>): Promise<AdapterConnection<Client, E>>;
    private constructor();
    protected send(command: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown>;
    protected sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void>;
    protected classify(error: unknown): ErrorKind;
    protected disconnect(): void;
}
export interface OwnAdapted<Client> {
    connect(url: string): Promise<AdapterConnection<Client, string>>;
    connect<E extends Encoding>(options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>>;
    createPool(url: string): ConnectionPool<AdapterConnection<Client, string>>;
    createPool<E extends Encoding>(options: ServerPoolOptions<E>): ConnectionPool<AdapterConnection<Client, E>>;
    createSentinelPool<E extends Encoding>(options: SentinelPoolOptions<E>): SentinelPool<AdapterConnection<Client, E>>;
    createClusterPool<E extends Encoding>(options: ClusterPoolOptions<E>): ClusterPool<AdapterConnection<Client, E>>;
}
export interface Adapted<Client> extends Omit<OwnAdapted<Client>, "createPool"> {
    wrap<E extends Encoding>(client: Client, options: WrapOptions<E>): Promise<AdapterConnection<Client, E>>;
    createPool(url: string): ConnectionPool<AdapterConnection<Client, string>>;
    createPool<E extends Encoding>(options: ServerPoolOptions<E> | ClientPoolOptions<Client, E>): ConnectionPool<AdapterConnection<Client, E>>;
}
export declare function adaptOwn<Client>(adapter: OwnAdapter<Client>): OwnAdapted<Client>;
export declare function adapt<Client>(adapter: Adapter<Client>): Adapted<Client>;
export declare function readyEvent(client: Pick<EventEmitter, "on" | "off">, ended: (cause: unknown) => unknown, fatal?: (error: unknown) => boolean): Promise<void>;
export declare function keyOf(name: ChannelName): string;
export declare function globMatch(pattern: string, text: string): boolean;
export {};
