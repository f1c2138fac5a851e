/**
 * What `npm run bench` prints (bench/run.mjs calls these on the compiled benches' rows): whether
 * each row met its target, the table, the notes, and the cost per run of every measured drive.
 */
import type { BenchResult } from './bench-result';
import type { CostPerRun } from './drive-costs';

/** Whether the row met its target; undefined without a target or without a value to judge. */
export function judge(result: BenchResult): boolean | undefined {
  if (result.pass !== undefined) return result.pass;
  if (result.target === undefined) return undefined;
  const ofRatio = result.targetOf ? result.targetOf === 'ratio' : result.target < 1;
  const value = ofRatio ? result.ratio : result.opsPerSec;
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return result.better === 'lower' ? value <= result.target : value >= result.target;
}

function number(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

function targetText(result: BenchResult): string {
  if (result.target === undefined) return '';
  const ofRatio = result.targetOf ? result.targetOf === 'ratio' : result.target < 1;
  const sign = result.better === 'lower' ? '≤' : '≥';
  return ofRatio
    ? `${sign} ${(result.target * 100).toFixed(0)}%`
    : `${sign} ${number(result.target)}${result.unit ? ` ${result.unit}` : ''}`;
}

function columns(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => {
    const met = judge(r);
    return [
      r.name,
      number(r.opsPerSec) + (r.unit && Number.isFinite(r.opsPerSec) ? ` ${r.unit}` : ''),
      number(r.baselineOpsPerSec),
      r.ratio === undefined || !Number.isFinite(r.ratio) ? '' : `${(r.ratio * 100).toFixed(1)}%`,
      targetText(r),
      met === undefined ? (r.target === undefined ? '' : 'n/a') : met ? 'yes' : 'NO',
    ];
  });
  const notes = results
    .map((r, i) => (r.note ? `  [${i + 1}] ${r.name}: ${r.note}` : undefined))
    .filter((note) => note !== undefined);
  return [
    columns(['benchmark', 'value', 'baseline', 'ratio', 'target', 'met'], rows),
    ...(notes.length > 0 ? ['', 'notes:', ...notes] : []),
  ].join('\n');
}

function isCostPerRun(value: unknown): value is CostPerRun {
  return typeof value === 'object' && value !== null && 'cpuMs' in value && 'runs' in value;
}

function counters(values: Record<string, number>, total?: number): string {
  const parts = Object.entries(values)
    .sort(([, a], [, b]) => b - a)
    .map(([key, value]) => `${key} ${value.toFixed(2)}`);
  return [...parts, ...(total === undefined ? [] : [`= ${total.toFixed(2)}`])].join('  ');
}

/**
 * Every measured drive's cost per run (rows' `extra.perRun`: drive label → CostPerRun), one block
 * per drive: CPU ms of each process, writes per stream (or Redis commands), deliveries per consumer.
 */
export function formatCosts(results: readonly BenchResult[]): string {
  const seen = new Set<string>();
  const blocks: string[] = [];
  for (const result of results) {
    const perRun = result.extra?.perRun;
    if (typeof perRun !== 'object' || perRun === null) continue;
    for (const [drive, cost] of Object.entries(perRun)) {
      if (!isCostPerRun(cost) || seen.has(drive)) continue;
      seen.add(drive);
      blocks.push(
        [
          `${drive} (${cost.runs} runs)`,
          `  cpu ms/run   ${counters(cost.cpuMs, cost.cpuMsTotal)}`,
          `  writes/run   ${counters(cost.writes, cost.writesTotal)}`,
          ...(Object.keys(cost.deliveries).length > 0 ? [`  deliveries   ${counters(cost.deliveries)}`] : []),
        ].join('\n'),
      );
    }
  }
  return blocks.length === 0 ? '' : ['cost per run of each measured drive:', ...blocks].join('\n');
}
