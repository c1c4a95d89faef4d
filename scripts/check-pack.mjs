// The published package is declarations and documents only: lists what
// `npm pack` would ship and exits 1 if anything else is in it.
import { execFileSync } from 'node:child_process';

const allowed = new Set(['package.json', 'README.md', 'LICENSE', 'dist/index.d.ts', 'dist/index.d.mts']);
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files = packed.files.map((file) => file.path);
const unexpected = files.filter((file) => !allowed.has(file));
const missing = [...allowed].filter((file) => !files.includes(file));
console.log(`npm pack: ${files.join(', ')} (${packed.size} bytes)`);
for (const file of unexpected) console.error(`not a declaration or a document: ${file}`);
for (const file of missing) console.error(`missing from the package: ${file}`);
process.exit(unexpected.length > 0 || missing.length > 0 ? 1 : 0);
