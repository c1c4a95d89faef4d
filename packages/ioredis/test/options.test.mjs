// packages/ioredis/test/options.test.mjs: the option checks of the conformance package, run against this adapter's connect(), createPool(), wrap() and its Sentinel and Cluster pools.
import { optionChecks } from 'aioredis-abc-conformance';
import { connect, createClusterPool, createPool, createSentinelPool, wrap } from 'aioredis-abc-ioredis';
import { Cluster, Redis } from 'ioredis';

/** Clients as an application may have configured them, each missing what the adapter needs. */
const ready = { lazyConnect: true, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null };

optionChecks({
  name: 'ioredis',
  connect,
  createPool,
  createSentinelPool,
  createClusterPool,
  wrap,
  misconfiguredClients: () => [
    [/protocol: 2/, new Redis({ ...ready, protocol: 3 })],
    [/enableOfflineQueue: false/, new Redis({ ...ready, enableOfflineQueue: true })],
    [/retryStrategy/, new Redis({ ...ready, retryStrategy: () => 100 })],
    [/keyPrefix/, new Redis({ ...ready, keyPrefix: 'app:' })],
    [/Cluster/, new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true })],
  ],
  usableClients: async ({ host, port }) => {
    const connected = new Redis({ host, port, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null });
    await new Promise((resolve) => connected.once('ready', resolve));
    return [
      ['still connecting, as the README shows it', new Redis({ host, port, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null })],
      ['lazy', new Redis({ host, port, lazyConnect: true, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null })],
      ['connected', connected],
    ];
  },
});
