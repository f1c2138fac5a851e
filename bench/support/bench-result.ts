/** One row of the bench table, as bench/run.mjs reads it (a target below 1 is a ratio, 1 or more a rate). */
export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly baselineOpsPerSec?: number;
  readonly ratio?: number;
  readonly target?: number;
  readonly unit?: string;
  readonly extra?: Record<string, unknown>;
  readonly pass?: boolean;
}
