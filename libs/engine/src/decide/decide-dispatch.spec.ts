import { snapshotEnvironment } from '../environment';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { at, fired, startRun, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

const env = snapshotEnvironment({ API_TOKEN: 'tok-123456', API_URL: 'https://api.example.com' });

describe('dispatching agents', () => {
  const def = ensemble(
    inSequence(
      agent('fetch-order', 'data'),
      agent('charge', 'http', {
        input: { amount: '${input.total}' },
        config: {
          url: '${env.API_URL}/orders/${fetch-order.output.id}',
          headers: { Authorization: 'Bearer ${env.API_TOKEN}' },
        },
        timeoutMs: 5000,
      }),
    ),
  );

  it('an I/O operation becomes a task carrying the run scope its input and config name, never their values', () => {
    const { decision } = given(def, [startRun({ input: { total: 12, secretNote: 'x' } })], { env }).when(
      taskSucceeded('fetch-order', { id: 'o-9' }, { at: 2 }),
      { env },
    );
    expect(decision.tasks).toEqual([
      {
        taskId: 'run-1:charge:0:1',
        idempotencyKey: 'run-1:charge:0',
        runId: 'run-1',
        ensemble: 'test-ensemble',
        revision: 1,
        agent: 'charge',
        operation: 'http',
        iteration: 0,
        attempt: 1,
        timeoutMs: 5000,
        scope: {
          input: { total: 12, secretNote: 'x' },
          agents: { 'fetch-order': expect.objectContaining({ output: { id: 'o-9' }, success: true }) },
          execution: { id: 'run-1', startedAt: at(0), trigger: { type: 'manual' } },
          ensemble: { name: 'test-ensemble', version: undefined, revision: 1 },
        },
      },
    ]);
    expect(JSON.stringify(decision)).not.toContain('tok-123456');
    expect(JSON.stringify(decision)).not.toContain('api.example.com');
  });

  it('a task carries the run state only when its expressions name it or its script may read it', () => {
    const shapes = ensemble([
      agent('http-no-state', 'http', { config: { url: 'https://x' } }),
      agent('http-state', 'http', { config: { url: 'https://x/${state.cursor}' } }),
      agent('script', 'code', { config: { script: 'scripts/s' } }),
    ]);
    const { decision } = given(shapes).when(startRun());
    expect(decision.tasks.map((task) => 'state' in task.scope)).toEqual([false, true, true]);
    expect(decision.tasks.map((task) => 'input' in task.scope)).toEqual([false, false, true]);
  });

  it("a code agent without input gets the run's input, and its inline body's template literals are not expressions", () => {
    const inline = ensemble([
      agent('greet', 'code', {
        config: { code: 'const { items } = input; return `${items.map((i) => { return i; }).length}`;' },
      }),
    ]);
    const { decision } = given(inline).when(startRun({ input: { items: [1, 2] } }));
    expect(decision.tasks).toHaveLength(1);
    expect(decision.tasks[0].scope).toMatchObject({ input: { items: [1, 2] }, agents: {} });
  });

  it('an attempt with a timeout gets a time-out timer due when the attempt expires', () => {
    given(def, [startRun()])
      .when(taskSucceeded('fetch-order', { id: 1 }, { at: 10 }))
      .then({
        timers: [
          {
            timerId: 'run-1:charge:0:1:attempt-timeout',
            dueAt: at(15),
            command: expect.objectContaining({
              kind: 'attempt-timeout',
              agent: 'charge',
              iteration: 0,
              attempt: 1,
            }),
          },
        ],
      });
  });

  it('a transform evaluates its value and succeeds without a task', () => {
    const transform = ensemble(
      inSequence(
        agent('a', 'code'),
        agent('shape', 'transform', {
          config: { value: { ids: '${a.output.map(o => o.id)}', n: '${a.output.length}' } },
        }),
      ),
    );
    given(transform, [startRun()])
      .when(taskSucceeded('a', [{ id: 1 }, { id: 2 }]))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          {
            type: 'AgentScheduled',
            data: { agent: 'shape', iteration: 0, attempt: 1, taskId: 'run-1:shape:0:1' },
          },
          {
            type: 'AgentSucceeded',
            data: {
              agent: 'shape',
              level: 'attempt',
              iteration: 0,
              attempt: 1,
              taskId: 'run-1:shape:0:1',
              output: { ids: [1, 2], n: 2 },
            },
          },
          { type: 'RunCompleted' },
        ],
        tasks: [],
      });
  });

  it('a transform whose expression fails fails the agent with code expression and no retry', () => {
    const broken = ensemble([
      agent('t', 'transform', {
        config: { value: '${nope()}' },
        retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 10 },
      }),
    ]);
    const { decision } = given(broken).when(startRun());
    expect(decision.events.map((e) => e.type)).toEqual([
      'RunRequested',
      'RunStarted',
      'AgentScheduled',
      'AgentFailed',
      'RunFailed',
    ]);
    expect(decision.events[3].data).toMatchObject({ final: true, error: { code: 'expression' } });
    expect(decision.events[4].data).toMatchObject({ error: { code: 'expression', agent: 't' } });
  });

  it('a sleep sets a timer for its duration and succeeds with sleptMs when it fires', () => {
    const sleepy = ensemble(
      inSequence(agent('nap', 'sleep', { config: { duration: '30s' } }), agent('after', 'code')),
    );
    const started = given(sleepy).when(startRun({ at: 1 }));
    started.then({
      tasks: [],
      timers: [{ timerId: 'run-1:run-timeout' }, { timerId: 'run-1:nap:0:1:sleep', dueAt: at(31) }],
    });
    given(sleepy, [startRun({ at: 1 })])
      .when(fired(started.decision.timers[1]))
      .then({
        events: [
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'nap', output: { sleptMs: 30_000 } }),
          },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'after' }) },
        ],
      });
  });

  it('a sleep whose duration is not a duration fails the agent with code config', () => {
    const bad = ensemble([agent('nap', 'sleep', { config: { duration: 'soon' }, onError: 'continue' })]);
    const { decision } = given(bad).when(startRun());
    expect(decision.events[3]).toMatchObject({ type: 'AgentFailed', data: { error: { code: 'config' } } });
  });
});
