/**
 * The BullMQ peer's worker process: one Worker per step queue, each job running its step's code
 * and, unless it is the last step, adding the next step's job before it completes.
 *
 * Environment: BENCH_REDIS_URL, BENCH_BULLMQ_PREFIX, BENCH_CHAIN_CODE (JSON: the step bodies),
 * BENCH_WORKER_CONCURRENCY. Prints `ready` once every Worker is connected; SIGTERM closes them
 * (active jobs finish first) and exits.
 */
import { Queue, Worker, type Job } from 'bullmq';
import {
  chainSettingsFromEnv,
  chainSteps,
  connectionOf,
  jobId,
  type ChainJob,
  type StepBodies,
  type StepName,
} from './chain';

async function main(): Promise<void> {
  const settings = chainSettingsFromEnv(process.env);
  const bodies = JSON.parse(process.env.BENCH_CHAIN_CODE ?? '{}') as StepBodies;
  const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 64);
  const connection = connectionOf(settings);
  const steps = chainSteps(bodies);
  const queues = new Map<StepName, Queue>();
  for (const step of steps) {
    if (step.next) queues.set(step.next, new Queue(step.next, { connection, prefix: settings.prefix }));
  }
  const workers = steps.map(
    (step) =>
      new Worker(
        step.name,
        async (job: Job<ChainJob>) => {
          const { output, runOutput } = await step.run(job.data);
          if (!step.next) return runOutput;
          const data: ChainJob = { ...job.data, outputs: { ...job.data.outputs, [step.name]: output } };
          await queues.get(step.next)?.add(step.next, data, { jobId: jobId(job.data.runId, step.next) });
          return output;
        },
        { connection, prefix: settings.prefix, concurrency },
      ),
  );
  for (const worker of workers) {
    worker.on('error', (error) => process.stderr.write(`bullmq worker: ${error.message}\n`));
  }
  await Promise.all([...workers, ...queues.values()].map((each) => each.waitUntilReady()));
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void Promise.all([...workers, ...queues.values()].map((each) => each.close())).then(() =>
      process.exit(0),
    );
  });
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`bullmq chain worker failed: ${error.message}\n`);
    process.exit(1);
  });
}
