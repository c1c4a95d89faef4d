// packages/memory/test/conformance.test.mjs: the conformance suite, run against the in-memory implementation.
import { conformance } from 'aioredis-abc-conformance';
import { memory } from './implementation.mjs';

conformance(memory);
