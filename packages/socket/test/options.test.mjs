// packages/socket/test/options.test.mjs: the option checks of the conformance package, run against this package's connect(), createPool() and its Sentinel and Cluster pools; it has no client to wrap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionChecks } from 'aioredis-abc-conformance';
import * as socket from 'aioredis-abc-socket';

const { connect, createClusterPool, createPool, createSentinelPool } = socket;

optionChecks({ name: 'socket', connect, createPool, createSentinelPool, createClusterPool });

test('there is no client to wrap: no wrap(), and createPool({ client }) is refused by the option\'s name', () => {
  assert.equal('wrap' in socket, false);
  assert.throws(() => createPool({ client: {}, encoding: 'utf-8' }), (error) => error instanceof TypeError && /unknown option "client"/.test(error.message));
});
