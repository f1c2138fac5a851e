/**
 * Runs completed per second through the whole stack (ingress, orchestrator, worker, projector over
 * NATS and PostgreSQL), for two ensembles that compute the same thing in three sequential agents:
 * `transform` agents, which the orchestrator evaluates itself, and `code` agents, each a task a
 * worker runs. The transform rate is the code bench's baseline: the ratio is what sending every
 * step through the task queue and a worker costs.
 *
 * Both are measured in one stack start (this one file): the baseline comes from the same stack, and
 * the stack starts once instead of twice. The two alternate in rounds, so a burst of other load on
 * the machine (or the streams growing) weighs on both alike.
 */
import type { BenchResult } from './support/bench-result';
import { withBenchStack } from './support/bench-stack';
import { driveRuns, summarizeDrives, type RunDriveResult, type RunDriveSample } from './support/drive-runs';
import { streamState } from './support/stream-state';

const RUNS = 2_000;
const ROUNDS = 2;
const CONCURRENCY = 64;
/** Runs of each ensemble before the timed ones: JIT, consumers, connection pools and caches settle. */
const WARM_UP_RUNS = 200;
const TRANSFORM = 'bench-transform';
const CODE = 'bench-code';
const AGENTS_PER_RUN = 3;
const TASKS_STREAM = 'BATON_TASKS';

function extra(result: RunDriveResult): Record<string, unknown> {
  return {
    runs: result.runs,
    concurrency: CONCURRENCY,
    seconds: Number(result.seconds.toFixed(2)),
    p50Ms: Math.round(result.p50Ms),
    p99Ms: Math.round(result.p99Ms),
  };
}

/**
 * The two ensembles measure what they claim only if transform steps stay in the orchestrator and
 * every code step is a task: count the tasks a drive published.
 */
async function countingTasks(
  natsUrl: string,
  ensemble: string,
  expected: number,
  drive: () => Promise<RunDriveSample>,
): Promise<RunDriveSample> {
  const before = (await streamState(natsUrl, TASKS_STREAM)).lastSeq;
  const sample = await drive();
  const published = (await streamState(natsUrl, TASKS_STREAM)).lastSeq - before;
  if (published !== expected) {
    throw new Error(
      `${ensemble}: ${published} tasks were published to ${TASKS_STREAM}, expected ${expected}`,
    );
  }
  return sample;
}

export async function run(): Promise<BenchResult[]> {
  return withBenchStack({}, async (stack) => {
    const natsUrl = stack.nats.url;
    const drive = (ensemble: string, runs: number, firstIndex: number) =>
      driveRuns({ baseUrl: stack.baseUrl, ensemble, runs, concurrency: CONCURRENCY, firstIndex });
    await drive(TRANSFORM, WARM_UP_RUNS, 0);
    await drive(CODE, WARM_UP_RUNS, 0);

    const perRound = RUNS / ROUNDS;
    const transformSamples: RunDriveSample[] = [];
    const codeSamples: RunDriveSample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const firstIndex = WARM_UP_RUNS + round * perRound;
      transformSamples.push(
        await countingTasks(natsUrl, TRANSFORM, 0, () => drive(TRANSFORM, perRound, firstIndex)),
      );
      codeSamples.push(
        await countingTasks(natsUrl, CODE, perRound * AGENTS_PER_RUN, () =>
          drive(CODE, perRound, firstIndex),
        ),
      );
    }
    const transform = summarizeDrives(transformSamples);
    const code = summarizeDrives(codeSamples);
    return [
      {
        name: 'runs: 3 transform agents',
        opsPerSec: transform.runsPerSec,
        unit: 'runs/s',
        extra: extra(transform),
      },
      {
        name: 'runs: 3 code agents (workers)',
        opsPerSec: code.runsPerSec,
        baselineOpsPerSec: transform.runsPerSec,
        ratio: code.runsPerSec / transform.runsPerSec,
        unit: 'runs/s',
        extra: extra(code),
      },
    ];
  });
}
