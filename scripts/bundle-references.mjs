// After dts-bundle-generator, which drops them: puts the `/// <reference lib>`
// directives of types/*.d.ts at the top of dist/index.d.ts, then copies it to
// dist/index.d.mts. A consumer whose lib lacks them (an old target) gets them.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const directives = new Set();
for (const file of readdirSync('types')) {
  for (const [line] of readFileSync(join('types', file), 'utf8').matchAll(/^\/\/\/ <reference lib="[\w.]+" \/>$/gm)) directives.add(line);
}
const bundle = readFileSync(join('dist', 'index.d.ts'), 'utf8').replace(/^(\/\/\/ <reference lib="[\w.]+" \/>\n)+/, '');
writeFileSync(join('dist', 'index.d.ts'), `${[...directives].sort().join('\n')}${directives.size ? '\n' : ''}${bundle}`);
copyFileSync(join('dist', 'index.d.ts'), join('dist', 'index.d.mts'));
