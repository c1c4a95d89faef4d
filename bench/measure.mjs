// Type-checks one bench fixture with one compiler and reads what it cost.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The fixtures, each after the baseline it is measured over:
 * - `baseline` and `aioredis-abc`: the work and a class implementing each
 *   interface, with no Redis types and through the contract (no `@types/node`);
 * - `use-baseline` and `use-only`: the work alone, with no Redis types and
 *   through the contract, in a program with `@types/node`, as a user has it;
 * - `ioredis` and `node-redis`: the same work through each client (both load
 *   `@types/node` themselves), measured over `use-baseline`.
 */
export const fixtures = ['baseline', 'aioredis-abc', 'use-baseline', 'use-only', 'ioredis', 'node-redis'];

/** The baseline each fixture is measured over. */
export const baselineOf = { 'aioredis-abc': 'baseline', 'use-only': 'use-baseline', ioredis: 'use-baseline', 'node-redis': 'use-baseline' };

/** The pinned JavaScript compiler and the native one. */
export const compilers = [
  { version: '6.0', tsc: join(root, 'node_modules', 'typescript', 'bin', 'tsc') },
  { version: '7.0', tsc: join(root, 'node_modules', 'ts70', 'bin', 'tsc') },
];

function number(output, label) {
  const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output);
  if (!match) throw new Error(`the compiler printed no "${label}":\n${output}`);
  return Number(match[1]);
}

/**
 * One type-check of a fixture: the files it read, the lines of declaration
 * files among them, types, instantiations, memory (KB), check and total time (s).
 */
export function measure(compiler, fixture, skipLibCheck) {
  const config = join(root, 'bench', 'fixtures', fixture, 'tsconfig.json');
  const args = [compiler.tsc, '-p', config, '--extendedDiagnostics', '--listFiles', '--skipLibCheck', String(skipLibCheck)];
  let output;
  try {
    output = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`TypeScript ${compiler.version} failed on the ${fixture} fixture:\n${error.stdout ?? error.message}`);
  }
  const files = output.split('\n').filter((line) => line.startsWith('/'));
  const declarations = files.filter((file) => /\.d\.[cm]?ts$/.test(file));
  return {
    files: files.length,
    declarationLines: declarations.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length, 0),
    types: number(output, 'Types'),
    instantiations: number(output, 'Instantiations'),
    memory: number(output, 'Memory used'),
    checkTime: number(output, 'Check time'),
    totalTime: number(output, 'Total time'),
  };
}
