/**
 * The BullMQ peer of `bench-code.yaml`: the same three steps (parse, double, label), each running
 * the same inline JavaScript body as Baton's code agent, compiled the way Baton compiles it
 * (`node:vm` compileFunction, an async function of `context, input, state`), with the same data
 * flow between steps. One queue per step; a step's job, when done, enqueues the next step's job
 * (job id `<runId>-<step>`, so a retried step never enqueues its successor twice). The last step
 * returns the run's output.
 *
 * Shared by the producer process, the worker process and the bench: nothing heavy is imported.
 */
import { compileFunction } from 'node:vm';

export const STEPS = ['parse', 'double', 'label'] as const;
export type StepName = (typeof STEPS)[number];

export interface ChainInput {
  readonly n: number;
  readonly tag: string;
}

/** A step's job data: the run, its input and the outputs of the steps before. */
export interface ChainJob {
  readonly runId: string;
  readonly input: ChainInput;
  readonly outputs: Partial<Record<StepName, unknown>>;
}

export type StepBodies = Readonly<Record<StepName, string>>;

type InlineFunction = (context: unknown, input: unknown, state: unknown) => Promise<unknown>;

/** Compiled as Baton's inline-code.ts compiles `config.code`. */
function compile(step: StepName, body: string): InlineFunction {
  const factory = compileFunction(`return async function inline(context, input, state) {\n${body}\n}`, [], {
    filename: `/bench-bullmq/${step}.code.js`,
  });
  return factory() as InlineFunction;
}

/** The input of each step, as bench-code.yaml's templates compute it (`${parse.output.n}`, …). */
const STEP_INPUT: Record<StepName, (job: ChainJob) => unknown> = {
  parse: (job) => ({ n: job.input.n, tag: job.input.tag }),
  double: (job) => ({ n: (job.outputs.parse as ChainInput).n }),
  label: (job) => ({ tag: (job.outputs.parse as ChainInput).tag, doubled: job.outputs.double }),
};

/** bench-code.yaml's `output:`. */
function runOutput(outputs: ChainJob['outputs']): unknown {
  return { doubled: outputs.double, label: outputs.label };
}

export interface ChainStep {
  readonly name: StepName;
  /** The next step's name, or undefined for the last one. */
  readonly next: StepName | undefined;
  /**
   * Runs the step's code on its input. Returns the step's output and, for the last step, the run's
   * output (what its job returns).
   */
  run(job: ChainJob): Promise<{ output: unknown; runOutput?: unknown }>;
}

export function chainSteps(bodies: StepBodies): ChainStep[] {
  return STEPS.map((name, index) => {
    const code = compile(name, bodies[name]);
    const next = STEPS[index + 1];
    return {
      name,
      next,
      async run(job) {
        const input = STEP_INPUT[name](job);
        const output = await code({ input, state: {} }, input, {});
        return next ? { output } : { output, runOutput: runOutput({ ...job.outputs, [name]: output }) };
      },
    };
  });
}

export function jobId(runId: string, step: StepName): string {
  return `${runId}-${step}`;
}

/** Where the peer's processes find Redis and their key prefix (each bench run has its own). */
export interface ChainSettings {
  readonly redisUrl: string;
  readonly prefix: string;
}

export function chainSettingsFromEnv(env: NodeJS.ProcessEnv): ChainSettings {
  const redisUrl = env.BENCH_REDIS_URL;
  const prefix = env.BENCH_BULLMQ_PREFIX;
  if (!redisUrl || !prefix) throw new Error('BENCH_REDIS_URL and BENCH_BULLMQ_PREFIX are required');
  return { redisUrl, prefix };
}

/** Connection options for every Queue, Worker and QueueEvents (workers need no retry limit). */
export function connectionOf(settings: ChainSettings) {
  const url = new URL(settings.redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    maxRetriesPerRequest: null,
  };
}
