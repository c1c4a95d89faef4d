// npm run bench: type-checks each fixture with the pinned JavaScript compiler
// and the native one, with skipLibCheck false and true, and prints what each
// costs, the overhead of each over its baseline, and the ratio of the
// use-only fixture's overhead to each client's for the same work. Times are
// medians of several runs.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { baselineOf, compilers, fixtures, measure, root } from './measure.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`BENCH_RUNS must be a positive integer, not ${process.env.BENCH_RUNS}`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function table(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
const s = (seconds) => `${seconds.toFixed(2)} s`;
const signed = (value, format = String) => (value >= 0 ? `+${format(value)}` : `-${format(-value)}`);

const results = [];
for (const compiler of compilers) {
  for (const skipLibCheck of [false, true]) {
    for (const fixture of fixtures) {
      const samples = Array.from({ length: runs }, () => measure(compiler, fixture, skipLibCheck));
      const [first] = samples;
      results.push({
        compiler: compiler.version,
        skipLibCheck,
        fixture,
        files: first.files,
        declarationLines: first.declarationLines,
        types: first.types,
        instantiations: first.instantiations,
        memory: median(samples.map((sample) => sample.memory)),
        checkTime: median(samples.map((sample) => sample.checkTime)),
        totalTime: median(samples.map((sample) => sample.totalTime)),
      });
      process.stderr.write('.');
    }
  }
}
process.stderr.write('\n');

const settings = (result) => `TS ${result.compiler}, skipLibCheck ${result.skipLibCheck}`;
console.log(`Cost of each fixture (times: median of ${runs} runs)\n`);
console.log(
  table(
    ['fixture', 'files', 'declaration lines', 'types', 'instantiations', 'memory', 'check time', 'total time'],
    results.map((r) => [`${settings(r)}, ${r.fixture}`, r.files, r.declarationLines, r.types, r.instantiations, mb(r.memory), s(r.checkTime), s(r.totalTime)]),
  ),
);

const overheads = [];
const ratios = [];
for (const compiler of compilers) {
  for (const skipLibCheck of [false, true]) {
    const group = results.filter((r) => r.compiler === compiler.version && r.skipLibCheck === skipLibCheck);
    const over = (r) => {
      const baseline = group.find((b) => b.fixture === baselineOf[r.fixture]);
      return {
        types: r.types - baseline.types,
        instantiations: r.instantiations - baseline.instantiations,
        memory: r.memory - baseline.memory,
        checkTime: r.checkTime - baseline.checkTime,
        totalTime: r.totalTime - baseline.totalTime,
      };
    };
    const contract = over(group.find((r) => r.fixture === 'use-only'));
    for (const r of group.filter((r) => r.fixture in baselineOf)) {
      const o = over(r);
      overheads.push([`${settings(r)}, ${r.fixture}`, baselineOf[r.fixture], signed(o.types), signed(o.instantiations), signed(o.memory, mb), signed(o.checkTime, s), signed(o.totalTime, s)]);
      if (r.fixture === 'ioredis' || r.fixture === 'node-redis') {
        const ratio = (key) => {
          if (o[key] <= 0) return 'client adds none';
          if (contract[key] <= 0) return 'contract adds none';
          return `1 : ${(o[key] / contract[key]).toFixed(o[key] / contract[key] < 10 ? 1 : 0)}`;
        };
        ratios.push([`${settings(r)}, ${r.fixture}`, ratio('types'), ratio('instantiations'), ratio('memory'), ratio('totalTime')]);
      }
    }
  }
}
console.log('\nOverhead over the baseline\n');
console.log(table(['fixture', 'over', 'types', 'instantiations', 'memory', 'check time', 'total time'], overheads));
console.log("\nThe use-only fixture's overhead to each client's, for the same work (1 : N: the client adds N times as much over use-baseline)\n");
console.log(table(['client', 'types', 'instantiations', 'memory', 'total time'], ratios));

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
console.log(`\nPacked tarball: ${packed.size} bytes (${packed.unpackedSize} unpacked, ${packed.entryCount} files)`);
console.log(`Bundled declaration dist/index.d.ts: ${statSync(join(root, 'dist', 'index.d.ts')).size} bytes`);
