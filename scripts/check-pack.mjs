// The published package is declarations and documents only: lists what
// `npm pack` would ship and exits 1 if anything else is in it, or if the packed
// package.json carries a field only this repository uses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryOnly } from './pack-manifest.mjs';

const allowed = new Set(['package.json', 'README.md', 'LICENSE', 'dist/index.d.ts', 'dist/index.d.mts']);
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files = packed.files.map((file) => file.path);
const unexpected = files.filter((file) => !allowed.has(file));
const missing = [...allowed].filter((file) => !files.includes(file));
console.log(`npm pack: ${files.join(', ')} (${packed.size} bytes)`);
for (const file of unexpected) console.error(`not a declaration or a document: ${file}`);
for (const file of missing) console.error(`missing from the package: ${file}`);
const scratch = mkdtempSync(join(tmpdir(), 'aioredis-abc-pack-'));
const [tarball] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const packedManifest = JSON.parse(execFileSync('tar', ['-xOzf', join(scratch, tarball.filename), 'package/package.json'], { encoding: 'utf8' }));
rmSync(scratch, { recursive: true, force: true });
const carried = repositoryOnly.filter((field) => field in packedManifest);
for (const field of carried) console.error(`the packed package.json carries ${field}, which only this repository uses`);
process.exit(unexpected.length > 0 || missing.length > 0 || carried.length > 0 ? 1 : 0);
