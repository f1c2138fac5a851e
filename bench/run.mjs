// Runs every benchmark and prints a table, then the same results as JSON.
// Each benchmark module exports `run(): Promise<BenchResult[]>` with
// { name, opsPerSec, baselineOpsPerSec, ratio, target?, unit?, extra? }:
// speed is judged as a ratio against a baseline measured in the same run, so results compare across machines.
// Usage: ./dev bench [filter]   (filter matches a benchmark file name)
import { readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const filter = process.argv[2];

function findBenches(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findBenches(path);
    return /\.bench\.js$/.test(entry.name) ? [path] : [];
  });
}

const files = ['libs', 'apps', 'bench']
  .flatMap((dir) => findBenches(join(root, 'dist', dir)))
  .filter((file) => !filter || file.includes(filter))
  .sort();
if (files.length === 0) {
  console.error('no benchmarks found under dist/: run ./dev bench (it builds first)');
  process.exit(1);
}

const results = [];
for (const file of files) {
  const name = relative(join(root, 'dist'), file);
  process.stderr.write(`› ${name}\n`);
  const mod = require(file);
  for (const result of await mod.run()) {
    // A target below 1 is a ratio to the baseline; a target of 1 or more is an absolute rate.
    const pass =
      result.pass ??
      (result.target === undefined
        ? undefined
        : result.target < 1
          ? result.ratio >= result.target
          : result.opsPerSec >= result.target);
    results.push({ file: name, ...result, pass });
  }
}

const fmt = (n) => (n === undefined ? '' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const rows = results.map((r) => [
  r.name,
  fmt(r.opsPerSec) + (r.unit ? ` ${r.unit}` : ''),
  fmt(r.baselineOpsPerSec),
  r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(1)}%`,
  r.target === undefined ? '' : `${r.target >= 1 ? fmt(r.target) : `${(r.target * 100).toFixed(0)}%`}`,
  r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
]);
const header = ['benchmark', 'rate', 'baseline', 'ratio', 'target', 'met'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
console.log();
console.log(JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(results, null, 2));
process.exit(0);
