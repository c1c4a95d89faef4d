// npm runs this before and after packing the root package (prepack, postpack):
// the fields only this repository uses (workspaces, overrides and the tsd
// configuration, which tsd reads from package.json alone) are taken out of
// package.json for the tarball and put back afterwards, from a copy kept in
// .cache/. `npm pack`, `npm publish` and scripts/check-pack.mjs run both steps.
//   node scripts/pack-manifest.mjs strip    | restore
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const manifest = join(process.cwd(), 'package.json');
const saved = join(process.cwd(), '.cache', 'package.json.unpacked');
export const repositoryOnly = ['workspaces', 'overrides', 'tsd'];

function run(step) {
  if (step === 'strip') {
    mkdirSync(join(process.cwd(), '.cache'), { recursive: true });
    if (!existsSync(saved)) copyFileSync(manifest, saved);
    const fields = JSON.parse(readFileSync(saved, 'utf8'));
    for (const field of repositoryOnly) delete fields[field];
    writeFileSync(manifest, `${JSON.stringify(fields, null, 2)}\n`);
  } else if (step === 'restore') {
    if (existsSync(saved)) {
      copyFileSync(saved, manifest);
      rmSync(saved);
    }
  } else {
    console.error('usage: node scripts/pack-manifest.mjs strip|restore');
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) run(process.argv[2]);
