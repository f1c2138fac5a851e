import { join } from 'node:path';
import { loadEnsembleFile } from '@baton/definition';
import type { EnsembleDefinition } from '@baton/model';
import {
  EMPTY_ENVIRONMENT,
  LATEST_REVISION,
  type Command,
  type RunEvent,
  type StartRun,
  type Task,
  type TaskResult,
} from '@baton/engine';
import { RunProcessor } from './run-processor';
import {
  InMemoryConcurrencySlots,
  InMemoryDefinitionStore,
  InMemoryEventLog,
  InMemoryInbox,
  InMemoryTaskQueue,
  InMemoryTimers,
} from './testing/in-memory-ports';

function fixture(name: string): EnsembleDefinition {
  const result = loadEnsembleFile(join(__dirname, '__fixtures__', name));
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.definition;
}

async function setup() {
  const log = new InMemoryEventLog();
  const tasks = new InMemoryTaskQueue();
  const timers = new InMemoryTimers();
  const inbox = new InMemoryInbox();
  const definitions = new InMemoryDefinitionStore();
  const waits = new Map<string, string>();
  await definitions.put(fixture('two-steps.yaml'));
  const deps = {
    log,
    tasks,
    timers,
    inbox,
    definitions,
    env: EMPTY_ENVIRONMENT,
    waits: {
      open: async (key: string, runId: string) => void waits.set(key, runId),
      close: async (key: string) => void waits.delete(key),
    },
  };
  return { log, tasks, timers, inbox, definitions, waits, deps, processor: new RunProcessor(deps) };
}

const at = '2026-11-24T10:00:00.000Z';
const start: StartRun = {
  type: 'StartRun',
  runId: 'run-1',
  commandId: 'start:run-1',
  at,
  ensemble: 'two-steps',
  revision: 1,
  input: { id: 7 },
  trigger: { type: 'api' },
};

function resultOf(task: Task, output: unknown): TaskResult {
  return {
    type: 'TaskResult',
    runId: task.runId,
    commandId: `result:${task.taskId}`,
    at,
    taskId: task.taskId,
    agent: task.agent,
    iteration: task.iteration,
    attempt: task.attempt,
    outcome: { ok: true, output },
  };
}

const types = (events: readonly RunEvent[]) => events.map((e) => e.type);

describe('RunProcessor', () => {
  it('appends the events of a StartRun and publishes the first task', async () => {
    const { processor, log, tasks } = await setup();
    expect(await processor.handle(start)).toEqual({ kind: 'applied', events: expect.any(Number) });
    const { events } = await log.read('run-1');
    expect(types(events)).toEqual(expect.arrayContaining(['RunRequested', 'RunStarted', 'AgentScheduled']));
    expect(tasks.published.map((t) => t.agent)).toEqual(['fetch']);
  });

  it('applies a redelivered command once: nothing is appended twice', async () => {
    const { processor, log } = await setup();
    await processor.handle(start);
    const before = (await log.read('run-1')).events.length;
    expect(await processor.handle(start)).toEqual({ kind: 'replayed', events: 0 });
    expect((await log.read('run-1')).events).toHaveLength(before);
  });

  it('appends each decision as one message caused by its command', async () => {
    const { processor, log, tasks } = await setup();
    await processor.handle(start);
    await processor.handle(resultOf(tasks.published[0], { total: 3 }));
    const { decisions } = await log.read('run-1');
    expect(decisions.map((decision) => decision.commandId)).toEqual([
      'start:run-1',
      'result:run-1:fetch:0:1',
    ]);
    for (const decision of decisions) {
      expect(decision.events.every((event) => event.causationId === decision.commandId)).toBe(true);
    }
  });

  it('publishes the decision of a command redelivered after a crash between its append and its tasks, appending nothing', async () => {
    const { log, deps } = await setup();
    const crashing = new RunProcessor({
      ...deps,
      tasks: {
        publish: async () => {
          throw new Error('simulated crash after the append');
        },
      },
    });
    await expect(crashing.handle(start)).rejects.toThrow('simulated crash');
    expect(log.appends).toBe(1);

    const tasks = new InMemoryTaskQueue();
    const restarted = new RunProcessor({ ...deps, tasks });
    expect(await restarted.handle(start)).toEqual({ kind: 'replayed', events: 0 });
    expect(log.appends).toBe(1);
    expect(tasks.published.map((t) => t.agent)).toEqual(['fetch']);
  });

  it('publishes the tasks of a decision again when its command is redelivered', async () => {
    const { processor, deps } = await setup();
    await processor.handle(start);
    const tasks = new InMemoryTaskQueue();
    const restarted = new RunProcessor({ ...deps, tasks });
    await restarted.handle(start);
    expect(tasks.published.map((t) => t.agent)).toEqual(['fetch']);
  });

  it('reloads and decides again when another replica appended first', async () => {
    const { processor, log, tasks, deps } = await setup();
    await processor.handle(start);
    const other = new RunProcessor(deps);
    const [fetch] = tasks.published;
    // The other replica applies the result; this one's cached state is now stale.
    await other.handle(resultOf(fetch, { total: 3 }));
    await other.handle({ type: 'CancelRun', runId: 'run-1', commandId: 'cancel:1', at, reason: 'elsewhere' });
    // Decided on the stale state, the cancel differs from the stored one under the same command id:
    // a conflict, so this replica reloads and finds the command applied.
    const duplicate = await processor.handle({
      type: 'CancelRun',
      runId: 'run-1',
      commandId: 'cancel:1',
      at,
      reason: 'elsewhere',
    });
    expect(duplicate).toEqual({ kind: 'replayed', events: 0 });
    const { events } = await log.read('run-1');
    expect(events.filter((e) => e.type === 'AgentSucceeded')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'RunCancelled')).toHaveLength(1);
  });

  it('appends a command decided by two replicas from the same state once', async () => {
    const { processor, log, tasks, deps } = await setup();
    await processor.handle(start);
    const other = new RunProcessor(deps);
    await other.state('run-1'); // both replicas now hold the same state
    const [fetch] = tasks.published;
    const outcomes = await Promise.all([
      processor.handle(resultOf(fetch, { total: 3 })),
      other.handle(resultOf(fetch, { total: 3 })),
    ]);
    // The second append is byte for byte the first: JetStream answers it as a duplicate, accepted.
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['applied', 'applied']);
    expect(log.appends).toBe(2);
    expect((await log.read('run-1')).decisions.map((decision) => decision.commandId)).toEqual([
      'start:run-1',
      'result:run-1:fetch:0:1',
    ]);
  });

  it('registers an open wait by its key and removes it once resolved, then completes the run', async () => {
    const { processor, log, tasks, waits } = await setup();
    await processor.handle(start);
    await processor.handle(resultOf(tasks.published[0], { total: 3 }));
    expect(waits.get('approve-7')).toBe('run-1');

    const resolve: Command = {
      type: 'ResolveWait',
      runId: 'run-1',
      commandId: 'resolve:1',
      at,
      key: 'approve-7',
      value: { action: 'approve' },
    };
    await processor.handle(resolve);
    expect(waits.has('approve-7')).toBe(false);
    const { events } = await log.read('run-1');
    const completed = events.find((e) => e.type === 'RunCompleted');
    expect(completed?.data).toEqual({ output: { id: 7, fetched: { total: 3 }, decision: 'approve' } });
  });

  it('starts a child run that names no revision at the latest revision', async () => {
    const { processor, log, definitions } = await setup();
    await definitions.put({ ...fixture('two-steps.yaml'), description: 'second revision' });
    await processor.handle({
      ...start,
      runId: 'child-1',
      commandId: 'start:child-1',
      revision: LATEST_REVISION,
    });
    const [requested] = (await log.read('child-1')).events;
    expect(requested.type === 'RunRequested' && requested.data.revision).toBe(2);
  });

  it('tells the parent when a child run names an ensemble that does not exist', async () => {
    const { processor, inbox, log } = await setup();
    const child: StartRun = {
      ...start,
      runId: 'child-2',
      commandId: 'start:child-2',
      ensemble: 'nowhere',
      revision: LATEST_REVISION,
      parent: { runId: 'run-1', agent: 'spawn', iteration: 0 },
    };
    expect((await processor.handle(child)).kind).toBe('ignored');
    expect((await log.read('child-2')).events).toHaveLength(0);
    expect(inbox.sent).toEqual([
      expect.objectContaining({
        type: 'ChildRunEnded',
        runId: 'run-1',
        childRunId: 'child-2',
        status: 'failed',
      }),
    ]);
  });

  it('ignores a command for a run that was never started', async () => {
    const { processor, log } = await setup();
    const cancel: Command = {
      type: 'CancelRun',
      runId: 'ghost',
      commandId: 'cancel:ghost',
      at,
      reason: 'test',
    };
    expect((await processor.handle(cancel)).kind).toBe('ignored');
    expect((await log.read('ghost')).events).toHaveLength(0);
  });
});

describe('RunProcessor with a stale cache', () => {
  it('checks a result that decides nothing against the log before dropping it', async () => {
    const { processor, deps, log } = await setup();
    await processor.handle(start); // this replica caches the run
    const other = new RunProcessor(deps);
    await other.handle({ type: 'CancelRun', runId: 'run-1', commandId: 'cancel:1', at, reason: 'elsewhere' });
    // On its stale cache, this replica would think the run still running; a repeated cancel must
    // still see the run as cancelled and append nothing.
    expect(
      await processor.handle({
        type: 'CancelRun',
        runId: 'run-1',
        commandId: 'cancel:2',
        at,
        reason: 'again',
      }),
    ).toEqual({
      kind: 'applied',
      events: 0,
    });
    expect((await log.read('run-1')).events.filter((e) => e.type === 'RunCancelled')).toHaveLength(1);
  });

  it("applies a command that only another replica's events make valid", async () => {
    const { processor, deps, tasks, log } = await setup();
    await processor.handle(start); // this replica caches the run with `fetch` running
    await new RunProcessor(deps).handle(resultOf(tasks.published[0], { total: 1 })); // another opens the wait
    const resolve: Command = {
      type: 'ResolveWait',
      runId: 'run-1',
      commandId: 'resolve:2',
      at,
      key: 'approve-7',
      value: { action: 'no' },
    };
    // On its stale cache no wait is open: without checking the log the resolution would be lost.
    expect(await processor.handle(resolve)).toEqual({ kind: 'applied', events: expect.any(Number) });
    expect((await log.read('run-1')).events.at(-1)).toMatchObject({
      type: 'RunCompleted',
      data: { output: { decision: 'no' } },
    });
  });

  it("cancels the timers a decision no longer needs: a cancelled run's time-out", async () => {
    const { processor, timers } = await setup();
    await processor.handle(start);
    expect(timers.scheduled.map((t) => t.timerId)).toEqual(['run-1:run-timeout']);
    await processor.handle({
      type: 'CancelRun',
      runId: 'run-1',
      commandId: 'cancel:run-1',
      at,
      reason: 'test',
    });
    expect(timers.cancelled).toEqual(['run-1:run-timeout']);
  });
});

describe('RunProcessor with ensemble concurrency', () => {
  it('queues a second run of the same key and admits it when the first ends', async () => {
    const { deps, inbox, tasks, log, definitions } = await setup();
    await definitions.put(fixture('one-at-a-time.yaml'));
    const slots = new InMemoryConcurrencySlots();
    const processor = new RunProcessor({ ...deps, slots });
    const startOf = (runId: string): StartRun => ({
      ...start,
      runId,
      commandId: `start:${runId}`,
      ensemble: 'one-at-a-time',
      input: { account: 'acme' },
    });
    // Deliver whatever the processor sent to other runs' inboxes, as JetStream would.
    const deliver = async () => {
      for (let i = 0; i < inbox.sent.length; i++) await processor.handle(inbox.sent[i]);
    };

    await processor.handle(startOf('first'));
    await processor.handle(startOf('second'));
    await deliver();
    const status = async (runId: string) => (await processor.state(runId)).status;
    expect([await status('first'), await status('second')]).toEqual(['running', 'queued']);

    const [firstTask] = tasks.published;
    await processor.handle(resultOf(firstTask, { ok: 1 }));
    await deliver();
    expect([await status('first'), await status('second')]).toEqual(['completed', 'running']);
    expect(tasks.published.map((t) => t.runId)).toEqual(['first', 'second']);
    expect((await log.read('second')).events.map((e) => e.type)).toContain('RunQueued');
  });
});
