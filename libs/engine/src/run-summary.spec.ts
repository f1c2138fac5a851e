import { agent, ensemble, inSequence } from './testing/definition-builder';
import { at, startRun, taskFailed, taskSucceeded } from './testing/commands';
import { given } from './testing/given';
import { runSummary } from './run-summary';

describe('runSummary', () => {
  const def = ensemble(inSequence(agent('fetch', 'http', { onError: 'continue' }), agent('store', 'data')), {
    output: { ok: '${fetch.success}' },
  });
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('shows the run as GET /api/runs/<id> does, with every agent of the revision', () => {
    const { state } = given(def, [
      startRun({ input: { q: 1 }, traceparent, at: 1 }),
      taskFailed('fetch', undefined, { at: 2 }),
    ]).when({ ...taskSucceeded('store', { rowCount: 1 }, { at: 4 }), startedAt: at(2.5) });
    expect(runSummary(state)).toEqual({
      id: 'run-1',
      ensemble: 'test-ensemble',
      revision: 1,
      status: 'completed',
      input: { q: 1 },
      output: { ok: false },
      error: null,
      agents: {
        fetch: {
          status: 'failed',
          output: null,
          error: { code: 'error', message: 'it broke' },
          attempts: 1,
          startedAt: at(1),
          finishedAt: at(2),
          queuedMs: null,
          runningMs: null,
        },
        store: {
          status: 'succeeded',
          output: { rowCount: 1 },
          error: null,
          attempts: 1,
          startedAt: at(2),
          finishedAt: at(4),
          queuedMs: 500,
          runningMs: 1500,
        },
      },
      startedAt: at(1),
      finishedAt: at(4),
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('lists agents that have not started as pending while the run is running', () => {
    const { state } = given(def).when(startRun());
    expect(runSummary(state)).toMatchObject({
      status: 'running',
      agents: { fetch: { status: 'running' }, store: { status: 'pending', startedAt: null } },
      traceId: null,
    });
  });
});
