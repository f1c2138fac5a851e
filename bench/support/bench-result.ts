/**
 * One row of the bench table, as bench/run.mjs reads it.
 *
 * `target` is checked against `ratio` or against `opsPerSec` (the row's value): `targetOf` says
 * which; without it, a target below 1 is a ratio and one of 1 or more a value (the first benches'
 * convention). `better: 'lower'` makes the target a maximum (latencies, memory, costs).
 */
export interface BenchResult {
  readonly name: string;
  /** The row's value: a rate (`unit` runs/s, req/s), or a latency or size for `better: 'lower'` rows. */
  readonly opsPerSec: number;
  readonly baselineOpsPerSec?: number;
  readonly ratio?: number;
  readonly target?: number;
  readonly targetOf?: 'ratio' | 'value';
  readonly better?: 'higher' | 'lower';
  readonly unit?: string;
  /** Printed under the table: why a row has no baseline, what it includes. */
  readonly note?: string;
  readonly extra?: Record<string, unknown>;
  readonly pass?: boolean;
}
