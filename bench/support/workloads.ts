/**
 * Measured drives of several workloads (Baton's ensembles, the BullMQ chain) in alternating rounds:
 * each drive is run between two cost snapshots after the system settled, checked, and added to its
 * workload's samples and costs, so the rows get runs/s, latencies and cost per run over all rounds.
 */
import {
  addCosts,
  measuredDrive,
  NO_COST,
  perRun,
  type CostDelta,
  type CostPerRun,
  type CostProbe,
} from './drive-costs';
import { driveRuns, summarizeDrives, type RunDriveResult, type RunDriveSample } from './drive-runs';

export interface Workload {
  /** Names the workload in errors and in the cost table. */
  readonly label: string;
  /** Where its runs are started: Baton's ingress or the BullMQ producer. */
  readonly baseUrl: string;
  readonly ensemble: string;
  readonly probe: CostProbe;
  /** What a drive's costs must show (e.g. three tasks per run), or a message saying what is wrong. */
  readonly check?: (cost: CostDelta) => string | undefined;
}

export interface MeasureOptions {
  readonly runs: number;
  readonly concurrency: number;
  /** Kept out of the samples and costs (JIT, pools, caches). */
  readonly warmUp?: boolean;
}

/** Waits until the system is idle; returns what was still busy when it gave up, or undefined. */
export type Settle = () => Promise<string | undefined>;

export class Measurements {
  private readonly samples = new Map<string, RunDriveSample[]>();
  private readonly costs = new Map<string, CostDelta>();
  private readonly nextIndex = new Map<string, number>();
  /** Backlogs that had not drained before a drive (the drive then paid part of the last one's work). */
  readonly unsettled: string[] = [];

  constructor(private readonly settle: Settle) {}

  async measure(workload: Workload, options: MeasureOptions): Promise<RunDriveSample> {
    const busy = await this.settle();
    if (busy && !options.warmUp) this.unsettled.push(`before ${workload.label}: ${busy}`);
    const firstIndex = this.nextIndex.get(workload.label) ?? 0;
    this.nextIndex.set(workload.label, firstIndex + options.runs);
    const { result, cost } = await measuredDrive(workload.probe, async () => {
      const sample = await driveRuns({
        baseUrl: workload.baseUrl,
        ensemble: workload.ensemble,
        runs: options.runs,
        concurrency: options.concurrency,
        firstIndex,
      });
      return { runs: sample.latenciesMs.length, sample };
    });
    const wrong = workload.check?.(cost);
    if (wrong) throw new Error(`${workload.label}: ${wrong}`);
    if (!options.warmUp) {
      this.samples.set(workload.label, [...(this.samples.get(workload.label) ?? []), result.sample]);
      this.costs.set(workload.label, addCosts(this.costs.get(workload.label) ?? NO_COST, cost));
    }
    return result.sample;
  }

  result(label: string): RunDriveResult {
    const samples = this.samples.get(label);
    if (!samples) throw new Error(`${label} was never measured`);
    return summarizeDrives(samples);
  }

  cost(label: string): CostPerRun {
    return perRun(this.costs.get(label) ?? NO_COST);
  }
}

/** A check that a drive published exactly `perRun` messages per run to `stream`. */
export function writesPerRun(
  stream: string,
  perRunExpected: number,
): (cost: CostDelta) => string | undefined {
  return (cost) => {
    const written = cost.writes[stream] ?? 0;
    const expected = cost.runs * perRunExpected;
    return written === expected
      ? undefined
      : `${written} messages were published to ${stream}, expected ${expected} (${perRunExpected} per run)`;
  };
}
