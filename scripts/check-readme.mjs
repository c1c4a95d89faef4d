// Keeps the README's code true: every ```ts block names a file in its first
// line (`// examples/memory/pool.ts: ...`) and is that file, byte for byte, so
// the code a reader copies is code the tests compile.
// Prints what it compared; exits 1 on a block that differs or names no file.
// With --write, copies each named file into its block instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

if (process.argv.includes('--write')) {
  const updated = readFileSync('README.md', 'utf8').replace(/^```ts\n(\/\/ ([\w./-]+\.ts):[\s\S]*?)^```$/gm, (block, code, file) =>
    existsSync(file) ? `\`\`\`ts\n${readFileSync(file, 'utf8')}\`\`\`` : block,
  );
  writeFileSync('README.md', updated);
}

const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)];
const faults = [];
for (const [, code] of blocks) {
  const file = /^\/\/ ([\w./-]+\.ts):/.exec(code)?.[1];
  if (!file) faults.push(`a README block does not name its file in its first line: ${code.split('\n')[0]}`);
  else if (!existsSync(file)) faults.push(`${file}: named by a README block, but there is no such file`);
  else if (readFileSync(file, 'utf8') !== code) faults.push(`${file}: the README block differs from the file; run npm run check:readme -- --write`);
}
console.log(`README.md: ${blocks.length} TypeScript blocks, ${blocks.length - faults.length} the same as the file they name`);
for (const fault of faults) console.error(fault);
process.exit(faults.length > 0 || blocks.length === 0 ? 1 : 0);
