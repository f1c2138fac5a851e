/**
 * Drives runs of one ensemble through the API at a fixed concurrency and times each from its start
 * request to its end.
 *
 * Each run is one `POST /api/ensembles/<name>/runs?wait=…` request: ingress answers when the run's
 * terminal event reaches its subject (a NATS subscription, no polling), with the run as
 * `GET /api/runs/<id>` shows it. So completion is seen the moment the engine records it, and the
 * only load the driver adds is one request per run; a poller would instead add reads that compete
 * with the engine for the CPU and round every latency up to its interval.
 */
import { percentile } from './percentile';
import { contractInput, contractViolation } from './run-contract';

export interface RunDrive {
  readonly baseUrl: string;
  readonly ensemble: string;
  readonly runs: number;
  readonly concurrency: number;
  /** Index of the first run: each drive of a bench uses its own inputs. */
  readonly firstIndex?: number;
}

/** One drive: each run's start-to-end latency, and the drive's wall-clock time. */
export interface RunDriveSample {
  readonly latenciesMs: readonly number[];
  readonly seconds: number;
}

export interface RunDriveResult {
  readonly runs: number;
  readonly seconds: number;
  readonly runsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** How long ingress holds one start open for its run's end; a run that needs longer fails the bench. */
const WAIT = '60s';
const REQUEST_TIMEOUT_MS = 75_000;

interface FinishedRun {
  readonly id?: string;
  readonly status?: string;
  readonly output?: unknown;
  readonly error?: unknown;
}

async function startAndAwait(drive: RunDrive, index: number, signal: AbortSignal): Promise<number> {
  const input = contractInput(index);
  const startedAt = performance.now();
  const response = await fetch(`${drive.baseUrl}/api/ensembles/${drive.ensemble}/runs?wait=${WAIT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const text = await response.text();
  const latency = performance.now() - startedAt;
  if (response.status !== 200) {
    throw new Error(
      `${drive.ensemble} run #${index}: ${response.status} ${text.slice(0, 300)} (202 means it had not ended after ${WAIT})`,
    );
  }
  const run = JSON.parse(text) as FinishedRun;
  if (run.status !== 'completed') {
    throw new Error(`${drive.ensemble} run ${run.id} ended ${run.status}: ${JSON.stringify(run.error)}`);
  }
  const violation = contractViolation(input, run.output);
  if (violation) throw new Error(`${drive.ensemble} run ${run.id}: ${violation}`);
  return latency;
}

/** Starts `runs` runs, at most `concurrency` at a time; rejects at the first run that does not complete correctly. */
export async function driveRuns(drive: RunDrive): Promise<RunDriveSample> {
  const first = drive.firstIndex ?? 0;
  const latencies: number[] = [];
  const abort = new AbortController();
  let next = 0;
  // Each lane starts its next run as soon as its last one ended: a closed loop of `concurrency` runs in flight.
  const lane = async () => {
    while (next < drive.runs && !abort.signal.aborted) {
      const index = first + next++;
      latencies.push(await startAndAwait(drive, index, abort.signal));
    }
  };
  const startedAt = performance.now();
  const failures: unknown[] = [];
  const lanes = Array.from({ length: Math.min(drive.concurrency, drive.runs) }, () =>
    lane().catch((error: unknown) => {
      // The first failure is the one worth reading; the failures after it are the aborts it caused.
      failures.push(error);
      abort.abort();
    }),
  );
  // Every lane has stopped when this returns, so the caller may stop the stack.
  await Promise.all(lanes);
  if (failures.length > 0) throw failures[0];
  return { latenciesMs: latencies, seconds: (performance.now() - startedAt) / 1000 };
}

/** Several drives of one ensemble as one result: runs over total time, percentiles over every run. */
export function summarizeDrives(samples: readonly RunDriveSample[]): RunDriveResult {
  const latencies = samples.flatMap((sample) => sample.latenciesMs);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  return {
    runs: latencies.length,
    seconds,
    runsPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
