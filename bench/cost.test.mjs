// The deterministic part of the benchmark, guarded: what the contract adds to a
// program's type-check over the baseline, with the pinned compiler and
// skipLibCheck false. No test here looks at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilers, measure } from './measure.mjs';

const limit = 1000;
const pinned = compilers[0];

test(`the aioredis-abc fixture adds at most ${limit} types and ${limit} instantiations over the baseline`, (t) => {
  const baseline = measure(pinned, 'baseline', false);
  const contract = measure(pinned, 'aioredis-abc', false);
  const types = contract.types - baseline.types;
  const instantiations = contract.instantiations - baseline.instantiations;
  t.diagnostic(`TypeScript ${pinned.version}, skipLibCheck false: +${types} types, +${instantiations} instantiations`);
  assert.ok(types <= limit, `+${types} types over the baseline`);
  assert.ok(instantiations <= limit, `+${instantiations} instantiations over the baseline`);
});
