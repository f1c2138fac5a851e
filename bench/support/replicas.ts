/**
 * Replicas on this box: the same 3-agent code workload with one orchestrator and one worker, then
 * with a second of each started beside them (each on its own health port), then with one of each
 * again, so a drift of the machine's load weighs on both (rounds A B B A).
 */
import type { Stack } from '../../test/support/stack';
import type { Service } from '../../test/support/processes';
import type { CostPerRun } from './drive-costs';
import type { RunDriveResult } from './drive-runs';
import { Measurements, type Settle, type Workload } from './workloads';

const RUNS_PER_ROUND = 300;
const CONCURRENCY = 64;
export const ONE_EACH = 'Baton 1 orchestrator + 1 worker';
export const TWO_EACH = 'Baton 2 orchestrators + 2 workers';

export interface ReplicaMeasurement {
  readonly one: RunDriveResult;
  readonly two: RunDriveResult;
  readonly cost: Record<string, CostPerRun>;
  readonly runsPerRound: number;
  readonly concurrency: number;
}

export async function measureReplicas(
  stack: Stack,
  workload: Workload,
  settle: Settle,
): Promise<ReplicaMeasurement> {
  const measurements = new Measurements(settle);
  const one: Workload = { ...workload, label: ONE_EACH };
  const two: Workload = { ...workload, label: TWO_EACH };
  const drive = (each: Workload) =>
    measurements.measure(each, { runs: RUNS_PER_ROUND, concurrency: CONCURRENCY });
  await drive(one);
  const replicas: Service[] = [await stack.replica('orchestrator'), await stack.replica('worker')];
  try {
    for (const replica of replicas) await replica.start();
    // The replicas' first runs pay for their JIT and caches, as the first services' warm-up did.
    await measurements.measure(two, { runs: RUNS_PER_ROUND / 4, concurrency: CONCURRENCY, warmUp: true });
    await drive(two);
    await drive(two);
  } finally {
    for (const replica of replicas) await replica.kill();
  }
  await drive(one);
  return {
    one: measurements.result(ONE_EACH),
    two: measurements.result(TWO_EACH),
    cost: { [ONE_EACH]: measurements.cost(ONE_EACH), [TWO_EACH]: measurements.cost(TWO_EACH) },
    runsPerRound: RUNS_PER_ROUND,
    concurrency: CONCURRENCY,
  };
}
