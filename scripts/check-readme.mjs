// Keeps the READMEs' code true: every ```ts or ```js block in README.md and
// packages/*/README.md names a file of the repository in its first line
// (`// examples/memory.ts: ...`) and is that file, byte for byte, so the code
// a reader copies is code the tests compile and run. A README embeds only short
// files (at most 45 lines): it links to longer ones.
// Prints what it compared; exits 1 on a block that differs, names no file, or
// is too long. With --write, copies each named file into its block instead.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const maxLines = 45;
const block = /^```(?:ts|js)\n([\s\S]*?)^```$/gm;
const readmes = ['README.md', ...(existsSync('packages') ? readdirSync('packages').map((name) => join('packages', name, 'README.md')) : [])].filter((file) =>
  existsSync(file),
);

if (process.argv.includes('--write')) {
  for (const readme of readmes) {
    const updated = readFileSync(readme, 'utf8').replace(/^```(ts|js)\n(\/\/ ([\w./-]+\.[cm]?[jt]s):[\s\S]*?)^```$/gm, (text, language, code, file) =>
      existsSync(file) ? `\`\`\`${language}\n${readFileSync(file, 'utf8')}\`\`\`` : text,
    );
    writeFileSync(readme, updated);
  }
}

const faults = [];
let count = 0;
for (const readme of readmes) {
  for (const [, code] of readFileSync(readme, 'utf8').matchAll(block)) {
    count += 1;
    const file = /^\/\/ ([\w./-]+\.[cm]?[jt]s):/.exec(code)?.[1];
    if (!file) faults.push(`${readme}: a block does not name its file in its first line: ${code.split('\n')[0]}`);
    else if (!existsSync(file)) faults.push(`${readme}: ${file} is named by a block, but there is no such file`);
    else if (readFileSync(file, 'utf8') !== code) faults.push(`${readme}: ${file}: the block differs from the file; run npm run check:readme -- --write`);
    else if (code.split('\n').length - 1 > maxLines) faults.push(`${readme}: ${file} has more than ${maxLines} lines: link to it instead`);
  }
}
console.log(`${readmes.join(', ')}: ${count} code blocks, ${count - faults.length} the same as the short file they name`);
for (const fault of faults) console.error(fault);
process.exit(faults.length > 0 || count === 0 ? 1 : 0);
