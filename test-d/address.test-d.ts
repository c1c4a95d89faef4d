import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd';
import type { Address, TcpAddress } from 'aioredis-abc';

// A TCP address is a labelled host and port pair; a unix socket is a path.
declare const tcp: TcpAddress;
expectType<string>(tcp[0]);
expectType<number>(tcp[1]);
expectAssignable<Address>(['127.0.0.1', 6379]);
expectAssignable<Address>('/run/redis.sock');

// The pair is read-only, and the port is a number.
expectError(((address: TcpAddress) => { address[1] = 6380; })(tcp));
expectNotAssignable<Address>(['127.0.0.1', '6379']);
expectNotAssignable<Address>(['127.0.0.1']);
