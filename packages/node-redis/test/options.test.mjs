// packages/node-redis/test/options.test.mjs: the option checks of the conformance package, run against this adapter's connect() and createPool().
import { optionChecks } from 'aioredis-abc-conformance';
import { connect, createPool } from 'aioredis-abc-node-redis';

optionChecks({ name: 'node-redis', connect, createPool });
