// packages/memory/test/readme.test.mjs: the README's command table is the one the code generates, so it cannot go stale.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readmePath, withTable } from '../scripts/command-table.mjs';

test('the README lists exactly the commands the double implements, and refuses the rest (npm run -w aioredis-abc-memory readme:commands rewrites it)', () => {
  const readme = readFileSync(readmePath, 'utf8');
  assert.equal(readme, withTable(readme), 'the command table is stale: run npm run -w aioredis-abc-memory readme:commands');
});
