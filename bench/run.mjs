// Runs every benchmark and prints a table, the cost per run of each measured drive, then the same
// results as JSON. Each benchmark module exports `run(): Promise<BenchResult[]>`
// (bench/support/bench-result.ts): speed is judged as a ratio against a baseline measured in the
// same run, so results compare across machines. The printing is bench/support/report.ts.
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
  // Matched against the name under dist/ (the checkout's own path may contain the filter).
  .filter((file) => !filter || relative(join(root, 'dist'), file).includes(filter))
  .sort();
if (files.length === 0) {
  console.error('no benchmarks found under dist/: run ./dev bench (it builds first)');
  process.exit(1);
}

const { judge, formatTable, formatCosts } = require(join(root, 'dist/bench/support/report.js'));
const startedAt = performance.now();
const results = [];
for (const file of files) {
  const name = relative(join(root, 'dist'), file);
  const fileStartedAt = performance.now();
  process.stderr.write(`› ${name}\n`);
  const mod = require(file);
  for (const result of await mod.run()) results.push({ file: name, ...result, pass: judge(result) });
  process.stderr.write(`  ${((performance.now() - fileStartedAt) / 1000).toFixed(0)} s\n`);
}

console.log(formatTable(results));
const costs = formatCosts(results);
if (costs) console.log(`\n${costs}`);
console.log(`\n(${((performance.now() - startedAt) / 1000).toFixed(0)} s)\n`);
console.log(JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(results, null, 2));
process.exit(0);
