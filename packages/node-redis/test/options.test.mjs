// packages/node-redis/test/options.test.mjs: the option checks of the conformance package, run against this adapter's connect(), createPool(), wrap() and its Sentinel and Cluster pools.
import { optionChecks } from 'aioredis-abc-conformance';
import { connect, createClusterPool, createPool, createSentinelPool, wrap } from 'aioredis-abc-node-redis';
import { createClient, createCluster } from 'redis';

/** Clients as an application may have configured them, each missing what the adapter needs. */
const ready = { RESP: 2, disableOfflineQueue: true, socket: { reconnectStrategy: false } };

optionChecks({
  name: 'node-redis',
  connect,
  createPool,
  createSentinelPool,
  createClusterPool,
  wrap,
  misconfiguredClients: () => [
    [/RESP: 2/, createClient({ ...ready, RESP: 3 })],
    [/RESP: 2/, createClient({ disableOfflineQueue: true, socket: { reconnectStrategy: false } })],
    [/disableOfflineQueue: true/, createClient({ ...ready, disableOfflineQueue: false })],
    [/reconnectStrategy: false/, createClient({ ...ready, socket: {} })],
    [/createClient/, createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:1' }] })],
  ],
  usableClients: async ({ host, port }) => {
    const socket = { host, port, reconnectStrategy: false };
    const connected = await createClient({ ...ready, socket }).connect();
    const connecting = createClient({ ...ready, socket });
    void connecting.connect();
    return [
      ['still connecting', connecting],
      ['not yet connected, as the README shows it', createClient({ RESP: 2, disableOfflineQueue: true, socket })],
      ['connected', connected],
    ];
  },
});
