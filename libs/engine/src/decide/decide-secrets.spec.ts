import { snapshotEnvironment } from '../environment';
import { REDACTED } from '@baton/expressions';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { startRun, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

const SECRET = 'sk_live_5ecr3t_value';
const env = snapshotEnvironment({ SECRET, PLAIN_LOOKING: 'abc-public-but-env' });

describe('secrets', () => {
  it('a transform reading env.SECRET writes [redacted] to the event log', () => {
    const def = ensemble([
      agent('t', 'transform', { config: { value: { auth: 'Bearer ${env.SECRET}', raw: '${env.SECRET}' } } }),
    ]);
    const { decision, state } = given(def, [], { env }).when(startRun());
    const succeeded = decision.events.find((e) => e.type === 'AgentSucceeded');
    expect(succeeded?.data).toMatchObject({ output: { auth: `Bearer ${REDACTED}`, raw: REDACTED } });
    expect(JSON.stringify(decision)).not.toContain(SECRET);
    expect(state.agents.t.output).toEqual({ auth: `Bearer ${REDACTED}`, raw: REDACTED });
  });

  it("the run's output reading env.SECRET is redacted", () => {
    const def = ensemble([agent('a', 'code')], { output: { token: '${env.SECRET}', value: '${a.output}' } });
    const { decision } = given(def, [startRun()], { env }).when(taskSucceeded('a', 1), { env });
    expect(decision.events.at(-1)).toMatchObject({
      type: 'RunCompleted',
      data: { output: { token: REDACTED, value: 1 } },
    });
    expect(JSON.stringify(decision)).not.toContain(SECRET);
  });

  it('conditions, loop items, state values and wait keys read from env never land in an event', () => {
    const def = ensemble(
      inSequence(
        agent('gate', 'transform', {
          condition: "${env.SECRET.startsWith('sk_')}",
          config: { value: 'open' },
        }),
        agent('each', 'transform', {
          loop: { items: '${[env.SECRET, 1]}', concurrency: 2 },
          config: { value: '${loop.item}' },
        }),
        agent('keep', 'transform', {
          config: { value: 1 },
          state: { use: [], set: { form: 'map', values: { token: '${env.SECRET}' } } },
        }),
        agent('hold', 'wait', { config: { key: 'wait-${env.SECRET}' } }),
      ),
    );
    const { decision, state } = given(def, [], { env }).when(startRun());
    expect(state.agents.gate.status).toBe('succeeded');
    expect(state.agents.each.output).toEqual([REDACTED, 1]);
    expect(state.state).toEqual({ token: REDACTED });
    expect(Object.keys(state.waits)).toEqual([`wait-${REDACTED}`]);
    expect(JSON.stringify(decision)).not.toContain(SECRET);
  });

  it('tasks carry expressions and scope, never a secret the worker will read', () => {
    const def = ensemble([
      agent('call', 'http', { config: { headers: { Authorization: 'Bearer ${env.SECRET}' } } }),
    ]);
    const { decision } = given(def, [], { env }).when(startRun());
    expect(decision.tasks).toHaveLength(1);
    expect(JSON.stringify(decision)).not.toContain(SECRET);
  });
});
