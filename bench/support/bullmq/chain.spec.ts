import { contractInput, contractViolation } from '../run-contract';
import { codeChainBodies } from './bullmq-peer';
import { chainSteps, jobId, type ChainJob } from './chain';

describe('the BullMQ chain', () => {
  it("runs bench-code.yaml's own code bodies, each step on the outputs before it, to the run's output", async () => {
    const steps = chainSteps(codeChainBodies());
    expect(steps.map((step) => [step.name, step.next])).toEqual([
      ['parse', 'double'],
      ['double', 'label'],
      ['label', undefined],
    ]);
    const input = contractInput(21);
    let job: ChainJob = { runId: 'r1', input, outputs: {} };
    let runOutput: unknown;
    for (const step of steps) {
      const result = await step.run(job);
      job = { ...job, outputs: { ...job.outputs, [step.name]: result.output } };
      runOutput = result.runOutput;
    }
    expect(job.outputs).toEqual({ parse: { n: 21, tag: 'r21' }, double: 42, label: 'r21-42' });
    expect(contractViolation(input, runOutput)).toBeUndefined();
  });

  it('names each job after its run and step, which BullMQ accepts as a custom id', () => {
    expect(jobId('0b7c-1', 'double')).toBe('0b7c-1-double');
    expect(jobId('0b7c-1', 'double')).not.toContain(':');
  });
});
