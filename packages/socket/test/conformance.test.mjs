// packages/socket/test/conformance.test.mjs: the conformance suite, run against the socket package's own connection on a redis-server the suite starts.
import { conformance } from 'aioredis-abc-conformance';
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';
import { connect, createClusterPool, createPool, createSentinelPool } from 'aioredis-abc-socket';

/** The suite's request as this package's options. */
const options = ({ server, via, ...rest }) =>
  rest.url !== undefined ? rest : via === 'unix' ? { path: server.path, ...rest } : { host: server.host, port: server.port, ...rest };

conformance({
  name: 'socket',
  connect: (request) => connect(options(request)),
  createPool: (request) => createPool(options(request)),
  createSentinelPool: (request) => createSentinelPool(request),
  createClusterPool: (request) => createClusterPool(request),
  plainChannel: (name) => new PlainChannel(name),
  patternChannel: (name) => new PatternChannel(name),
});
