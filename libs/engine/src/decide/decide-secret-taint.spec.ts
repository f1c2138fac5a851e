/**
 * Issue 17, end to end through decide: a value an expression computes from a secret (upper-cased,
 * sliced, split, two slices concatenated, halves, a template literal, JSON of an object holding it)
 * reaches no event, no state and no task; and `new Date()` in an expression is the command's time.
 */
import { REDACTED } from '@baton/expressions';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { startRun, T0 } from '../testing/commands';
import { given } from '../testing/given';
import { snapshotEnvironment } from '../environment';

const CANARY = 'canary-5f3a9c1e7b2d';
const env = snapshotEnvironment({ CANARY });

/** Every text a transformed canary could leave behind, none of which may be written. */
const TRACES = [
  CANARY,
  CANARY.toUpperCase(),
  CANARY.slice(1),
  '5f3a9c1e7b2d',
  CANARY.slice(0, 9),
  CANARY.slice(9),
  [...CANARY].reverse().join(''),
  Buffer.from(CANARY).toString('base64'),
];

const TRANSFORMS: Record<string, string> = {
  upper: '${env.CANARY.toUpperCase()}',
  slice: '${env.CANARY.slice(1)}',
  split: "${env.CANARY.split('-')}",
  slices: '${env.CANARY.slice(0, 7) + env.CANARY.slice(7)}',
  firstHalf: '${env.CANARY.slice(0, env.CANARY.length / 2)}',
  secondHalf: '${env.CANARY.slice(env.CANARY.length / 2)}',
  reversed: "${env.CANARY.split('').toReversed().join('')}",
  literal: '${`Bearer ${env.CANARY.toLowerCase()}`}',
  json: "${JSON.stringify({ user: 'u', token: env.CANARY })}",
};

function expectNoTrace(written: unknown): void {
  const text = JSON.stringify(written);
  for (const trace of TRACES) expect(text).not.toContain(trace);
}

describe('taint that follows the value, through decide', () => {
  it("a transform's output computed from a secret is written as [redacted], each value as a whole", () => {
    const def = ensemble([agent('t', 'transform', { config: { value: TRANSFORMS } })]);
    const { decision, state } = given(def, [], { env }).when(startRun());
    const succeeded = decision.events.find((event) => event.type === 'AgentSucceeded');
    expect(succeeded?.data).toMatchObject({
      output: {
        upper: REDACTED,
        slice: REDACTED,
        split: [REDACTED, REDACTED],
        slices: REDACTED,
        firstHalf: REDACTED,
        secondHalf: REDACTED,
        reversed: REDACTED,
        literal: REDACTED,
        json: REDACTED,
      },
    });
    expectNoTrace(decision);
    expectNoTrace(state);
  });

  it("state values, loop items and the run's output computed from a secret are redacted", () => {
    const def = ensemble(
      inSequence(
        agent('keep', 'transform', {
          config: { value: 1 },
          state: { use: [], set: { form: 'map', values: { upper: '${env.CANARY.toUpperCase()}' } } },
        }),
        agent('each', 'transform', {
          loop: { items: "${env.CANARY.split('-').map(p => p.toUpperCase())}", concurrency: 2 },
          config: { value: '${loop.item}' },
        }),
      ),
      { output: { token: '${env.CANARY.slice(3, 15)}', upper: '${state.upper}' } },
    );
    const { decision, state } = given(def, [], { env }).when(startRun());
    expect(state.state).toEqual({ upper: REDACTED });
    expect(state.agents.each.output).toEqual([REDACTED, REDACTED]);
    expect(decision.events.at(-1)).toMatchObject({
      type: 'RunCompleted',
      data: { output: { token: REDACTED, upper: REDACTED } },
    });
    expectNoTrace(decision);
    expectNoTrace(state);
  });

  it('a wait key computed from a secret is redacted', () => {
    const def = ensemble([agent('hold', 'wait', { config: { key: "${'wait-' + env.CANARY.slice(7)}" } })]);
    const { decision, state } = given(def, [], { env }).when(startRun());
    expect(Object.keys(state.waits)).toEqual([REDACTED]);
    expectNoTrace(decision);
  });

  it('values computed without the secret are kept beside redacted ones', () => {
    const def = ensemble([
      agent('t', 'transform', {
        config: { value: { token: '${env.CANARY.toUpperCase()}', name: "${'ada'.toUpperCase()}" } },
      }),
    ]);
    const { state } = given(def, [], { env }).when(startRun());
    expect(state.agents.t.output).toEqual({ token: REDACTED, name: 'ADA' });
  });

  it("new Date() is the command's time: the playbook's daily report subject", () => {
    const def = ensemble([
      agent('subject', 'transform', {
        config: { value: 'Daily Report - ${new Date().toDateString()}' },
      }),
    ]);
    const { state } = given(def, [], { env }).when(startRun({ at: 86_400 * 14 + 3600 }));
    expect(new Date(T0).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(state.agents.subject.output).toBe('Daily Report - Wed Jan 15 2025');
  });
});
