// packages/memory/test/conformance-commands.test.mjs: the suite's cases that need Redis's commands, run against the double; a case that meets a command the double refuses is skipped, saying which.
import { describe, test } from 'node:test';
import { groups } from 'aioredis-abc-conformance';
import { memory } from './implementation.mjs';

/** The commands the double refuses that some case of the feature uses. */
const refused = /^ERR unknown command '(EVAL|XADD|CONFIG)'/;
const noServer = { host: '127.0.0.1', port: 0, path: '' };
let unique = 0;

/** What a case is handed, as the suite hands it: openers that clean up after the case. */
function context(cleanups) {
  const request = (encoding, options = {}) => ({ server: noServer, via: 'tcp', encoding, ...(options.db === undefined ? {} : { db: options.db }) });
  const closing = (conn) => async () => {
    conn.close();
    await conn.waitClosed();
  };
  return {
    implementation: memory,
    server: noServer,
    async connect(encoding, options) {
      const conn = await memory.connect(request(encoding, options));
      cleanups.push(closing(conn));
      return conn;
    },
    pool(encoding, maxsize, options) {
      const pool = memory.createPool({ ...request(encoding, options), maxsize });
      cleanups.push(closing(pool));
      return pool;
    },
    startServer: () => Promise.reject(new Error('the double has no server to start')),
    name: (prefix) => `${prefix}:commands:${(unique += 1)}`,
    defer: (cleanup) => cleanups.push(cleanup),
  };
}

describe('memory: the conformance cases that need Redis commands', () => {
  for (const group of groups) {
    for (const testCase of group.cases) {
      const needs = testCase.needs ?? [];
      if (!needs.includes('commands') || needs.some((feature) => feature !== 'commands')) continue;
      test(testCase.title, { timeout: testCase.timeout ?? 10_000 }, async (t) => {
        const cleanups = [];
        try {
          await testCase.run(context(cleanups));
        } catch (error) {
          const match = error instanceof Error ? refused.exec(error.message) : null;
          if (match === null) throw error;
          t.skip(`the double refuses ${match[1]}`);
        } finally {
          for (const cleanup of cleanups.reverse()) await cleanup();
        }
      });
    }
  }
});
