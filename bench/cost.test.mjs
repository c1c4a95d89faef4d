// The deterministic part of the benchmark, guarded: what the contract adds to a
// program's type-check over its baseline, with the pinned compiler and
// skipLibCheck false. Each limit is the figure reached; lower it when a change
// lowers the figure, and say in the commit what a rise buys. No test here
// looks at a time.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { baselineOf, compilers, measure, root } from './measure.mjs';

const pinned = compilers[0];

/** The size the bundled declarations stay under, in bytes: what every user's compiler reads. */
const declarationLimit = 30_000;

/** The most each fixture may add over its baseline. */
const limits = [
  { fixture: 'use-only', what: 'the work through the contract, with @types/node', types: 457, instantiations: 405 },
  { fixture: 'aioredis-abc', what: 'the work and a class implementing each interface', types: 755, instantiations: 1171 },
];

for (const { fixture, what, types: typeLimit, instantiations: instantiationLimit } of limits) {
  test(`the ${fixture} fixture (${what}) adds at most ${typeLimit} types and ${instantiationLimit} instantiations over ${baselineOf[fixture]}`, (t) => {
    const baseline = measure(pinned, baselineOf[fixture], false);
    const measured = measure(pinned, fixture, false);
    const types = measured.types - baseline.types;
    const instantiations = measured.instantiations - baseline.instantiations;
    t.diagnostic(`TypeScript ${pinned.version}, skipLibCheck false: +${types} types, +${instantiations} instantiations`);
    assert.ok(types <= typeLimit, `+${types} types over ${baselineOf[fixture]}, more than ${typeLimit}`);
    assert.ok(instantiations <= instantiationLimit, `+${instantiations} instantiations over ${baselineOf[fixture]}, more than ${instantiationLimit}`);
  });
}

test(`the bundled declarations dist/index.d.ts stay under ${declarationLimit} bytes`, (t) => {
  const size = statSync(join(root, 'dist', 'index.d.ts')).size;
  t.diagnostic(`dist/index.d.ts: ${size} bytes`);
  assert.ok(size < declarationLimit, `dist/index.d.ts is ${size} bytes, not under ${declarationLimit}`);
});
