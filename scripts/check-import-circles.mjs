// No import circles: every TypeScript file under packages/*/src, with the
// files it imports (type-only imports, re-exports and import() types count),
// must form no circle, within a package or across packages through their names.
//   node scripts/check-import-circles.mjs   exits 1 and prints each circle found.
// The imports are read by TypeScript's own scanner (ts.preProcessFile); a
// relative './x.js' is the file x.ts or x/index.ts beside it, and a workspace
// package's name is its src/index.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const cwd = process.cwd();
const packagesDir = join(cwd, 'packages');

/** Every .ts file under a folder, depth first, in name order. */
function sources(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
    });
}

/** The workspace packages: their names, mapped to their src/index.ts. */
function packageEntries() {
  const entries = new Map();
  for (const name of existsSync(packagesDir) ? readdirSync(packagesDir).sort() : []) {
    const manifest = join(packagesDir, name, 'package.json');
    if (existsSync(manifest)) entries.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(packagesDir, name, 'src', 'index.ts'));
  }
  return entries;
}

/** The file an import specifier names, or undefined when it is outside the sources. */
function resolve(from, specifier, entries) {
  if (entries.has(specifier)) return entries.get(specifier);
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(from), specifier).replace(/\.(m|c)?js$/, '');
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Each source file with the source files it imports. */
function importGraph() {
  const entries = packageEntries();
  const files = [...entries.values()].flatMap((index) => sources(dirname(index)));
  const graph = new Map();
  for (const file of files) {
    const imported = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
    const targets = imported.map(({ fileName }) => resolve(file, fileName, entries)).filter((target) => target && target !== file);
    graph.set(file, [...new Set(targets)].filter((target) => files.includes(target)));
  }
  return graph;
}

/** The strongly connected groups of more than one file (Tarjan), each a circle or several. */
function circles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const found = [];
  const visit = (file) => {
    index.set(file, index.size);
    low.set(file, index.get(file));
    stack.push(file);
    for (const next of graph.get(file)) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(file, Math.min(low.get(file), low.get(next)));
    }
    if (low.get(file) !== index.get(file)) return;
    const group = stack.splice(stack.indexOf(file));
    if (group.length > 1) found.push(group);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** One path around a group: from its first file, along imports inside the group, back to it. */
function pathAround(group, graph) {
  const members = new Set(group);
  const start = group[0];
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of graph.get(file).filter((target) => members.has(target))) {
      if (next === start) return [...trail(previous, file), start];
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return group;
}

/** The files from the start to a file, by the breadth-first search's back links. */
function trail(previous, file) {
  const files = [];
  for (let at = file; at !== undefined; at = previous.get(at)) files.unshift(at);
  return files;
}

const graph = importGraph();
const groups = circles(graph);
for (const group of groups) {
  const names = pathAround(group, graph).map((file) => relative(cwd, file));
  console.error(`import circle (${group.length} files): ${names.join(' -> ')}`);
}
if (groups.length === 0) console.log(`check-import-circles: ${graph.size} files under packages/*/src, no import circle`);
process.exit(groups.length > 0 ? 1 : 0);
