// packages/memory/test/implementation.mjs: the memory double as the conformance suite takes it; one MemoryServer stands for Redis.
import { PatternChannel, PlainChannel } from 'aioredis-abc-kit';
import { MemoryServer } from 'aioredis-abc-memory';

const server = new MemoryServer();

/** The double's factories, and the features it does not have. */
export const memory = {
  name: 'memory',
  connect: ({ encoding, db }) => server.connect({ encoding, ...(db === undefined ? {} : { db }) }),
  createPool: ({ encoding, db, maxsize }) => server.createPool({ encoding, maxsize, ...(db === undefined ? {} : { db }) }),
  plainChannel: (name) => new PlainChannel(name),
  patternChannel: (name) => new PatternChannel(name),
  notApplicable: {
    server: 'in memory: there is no server to lose, fill, protect or replicate, and no socket',
    unixSocket: 'in memory: there is no socket',
    deployment: 'in memory: no URL, TLS, user, socket option or timeout to honour',
    topologies: 'in memory: one MemoryServer, with no Sentinel to fail over and no cluster to shard',
  },
};
