// The published package is declarations and documents only: lists what
// `npm pack` would ship and exits 1 if anything else is in it, if the packed
// package.json carries a field only this repository uses, or if a workspace
// package ships no licence or changelog, or has a README link that is relative.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryOnly } from './pack-manifest.mjs';

const allowed = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.d.ts', 'dist/index.d.mts']);
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files = packed.files.map((file) => file.path);
const unexpected = files.filter((file) => !allowed.has(file));
const missing = [...allowed].filter((file) => !files.includes(file));
console.log(`npm pack: ${files.join(', ')} (${packed.size} bytes)`);
const faults = [...unexpected.map((file) => `not a declaration or a document: ${file}`), ...missing.map((file) => `missing from the package: ${file}`)];
const scratch = mkdtempSync(join(tmpdir(), 'aioredis-abc-pack-'));
const [tarball] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const packedManifest = JSON.parse(execFileSync('tar', ['-xOzf', join(scratch, tarball.filename), 'package/package.json'], { encoding: 'utf8' }));
rmSync(scratch, { recursive: true, force: true });
for (const field of repositoryOnly.filter((name) => name in packedManifest)) faults.push(`the packed package.json carries ${field}, which only this repository uses`);

// Each workspace package ships its licence, its changelog and a README whose links work on
// the registry, where only the package's own files are: absolute links only.
const { workspaces = [] } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const workspace of workspaces) {
  const [entry] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '-w', workspace], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const shipped = entry.files.map((file) => file.path);
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) if (!shipped.includes(file)) faults.push(`${workspace}: missing from the package: ${file}`);
  const readme = readFileSync(`${workspace}/README.md`, 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (!/^(https?:\/\/|#)/.test(target)) faults.push(`${workspace}/README.md: a relative link, broken on the registry: ${target}`);
  }
  console.log(`npm pack -w ${workspace}: ${shipped.length} files, the README's links absolute`);
}
for (const fault of faults) console.error(fault);
process.exit(faults.length > 0 ? 1 : 0);
