import { expectAssignable, expectDocCommentIncludes, expectError, expectNotAssignable, expectType } from 'tsd';
import type { AbcConnection, AbcPool, Address, Encoding, Reply } from 'aioredis-abc';
import { MemoryConnection, type MemoryPool, MemoryServer } from 'aioredis-abc-memory';
import { FakeConnection } from '../examples/fake-connection.js';
import { FakePool } from '../examples/pool.js';

// A plain class implements a pool of its own connection class.
const pool: AbcPool<MemoryConnection> = new MemoryServer().createPool({ encoding: 'utf-8' });
declare const anyPool: AbcPool;

// The bare name is a pool of plain connections.
expectType<AbcPool<AbcConnection>>(anyPool);
expectType<Promise<AbcConnection>>(anyPool.acquire());

// A pool hands out its own connection type.
expectType<Promise<MemoryConnection>>(pool.acquire());
expectType<Promise<MemoryConnection>>(pool.acquire('GET', 'key'));
expectType<MemoryConnection | null>(pool.getConnection());
expectType<MemoryConnection | null>(pool.getConnection('SET', 'key', 1));
expectError(pool.acquire('GET', null));

// ... and takes back only that type.
expectType<void>(pool.release(new MemoryConnection(new MemoryServer(), { encoding: 'utf-8' })));
declare const foreign: AbcConnection<'utf-8'>;
expectError(pool.release(foreign));
expectError(pool.release(null));
expectError(anyPool.release(pool.getConnection()));

// A pool is a connection: assignable where one is expected, with its encoding.
expectAssignable<AbcConnection>(pool);
expectAssignable<AbcConnection<'utf-8'>>(pool);
expectNotAssignable<AbcConnection<null>>(pool);
expectType<'utf-8'>(pool.encoding);
expectType<Promise<Reply<'utf-8'>>>(pool.execute('GET', 'key'));
expectType<Promise<Reply<null>>>(pool.execute('GET', 'key', { encoding: null }));
expectType<Encoding>(anyPool.encoding);

// Every connection member is on the pool with the same type.
type SameAsConnection<K extends keyof AbcConnection> = AbcPool[K] extends AbcConnection[K]
  ? AbcConnection[K] extends AbcPool[K]
    ? true
    : false
  : false;
type ConnectionMembers = { [K in keyof AbcConnection]: SameAsConnection<K> };
expectType<{ [K in keyof AbcConnection]: true }>({} as ConnectionMembers);

// The pool's address may be null.
expectType<Address | null>(pool.address);
expectError((pool.address = null));

// acquire() is a promise; getConnection() is not.
expectNotAssignable<PromiseLike<unknown>>(pool.getConnection());
expectError(pool.acquire().execute('PING'));

// A pool of one connection class is not a pool of another.
class OtherConnection extends MemoryConnection {
  readonly cluster = true;
}
expectNotAssignable<AbcPool<OtherConnection>>(pool);
expectAssignable<AbcPool<MemoryConnection<'utf-8'>>>(pool);

// A pool whose acquire() resolves with nothing is not a pool.
declare const broken: Omit<MemoryPool, 'acquire'> & { acquire(): Promise<void> };
expectNotAssignable<AbcPool<MemoryConnection>>(broken);
declare const withoutRelease: Omit<MemoryPool, 'release'>;
expectNotAssignable<AbcPool<MemoryConnection>>(withoutRelease);

// The README's pool hands out and takes back its own fake connections.
const fakePool: AbcPool<FakeConnection> = new FakePool({ GET: 'cached' });
expectType<Promise<FakeConnection>>(fakePool.acquire());
expectType<FakeConnection | null>(fakePool.getConnection());
expectError(fakePool.release(new MemoryConnection(new MemoryServer(), { encoding: 'utf-8' })));
expectAssignable<AbcConnection<'utf-8'>>(fakePool);

// The type argument must be a connection.
expectError({} as AbcPool<string>);

expectDocCommentIncludes<'PoolClosedError'>(pool.acquire);
expectDocCommentIncludes<'get_connection'>(pool.getConnection);
expectDocCommentIncludes<'taken out of the pool until `release()`'>(pool.getConnection);
expectDocCommentIncludes<'The hint executes'>(pool.acquire);
expectDocCommentIncludes<'handed out'>(pool.release);
