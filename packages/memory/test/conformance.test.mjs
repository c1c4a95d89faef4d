// packages/memory/test/conformance.test.mjs: the conformance suite, run against the in-memory implementation; one MemoryServer stands for Redis.
import { conformance } from 'aioredis-abc-conformance';
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';
import { MemoryServer } from 'aioredis-abc-memory';

const server = new MemoryServer();

conformance({
  name: 'memory',
  connect: ({ encoding, db }) => server.connect({ encoding, db }),
  createPool: ({ encoding, db, maxsize }) => server.createPool({ encoding, db, maxsize }),
  plainChannel: (name) => new PlainChannel(name),
  patternChannel: (name) => new PatternChannel(name),
  notApplicable: {
    server: 'in memory: there is no server to lose, fill, protect or replicate, and no socket',
    commands: 'an in-memory double: it knows PING, ECHO, GET, SET, DEL, INCR, INCRBY, SELECT, PUBLISH, MULTI, EXEC and DISCARD',
    unixSocket: 'in memory: there is no socket',
    deployment: 'in memory: no URL, TLS, user, socket option or timeout to honour',
    topologies: 'in memory: one MemoryServer, with no Sentinel to fail over and no cluster to shard',
  },
});
