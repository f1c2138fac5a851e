import {
  admitRun,
  cancelRun,
  childRunEnded,
  childStart,
  resolveWait,
  startRun,
  taskResult,
  timerFired,
} from './command-constructors';
import { LATEST_REVISION } from './commands';
import { childRunId } from './ids';

const at = '2026-01-01T00:00:00.000Z';

describe('command constructors', () => {
  it('name every command after the one thing it is about', () => {
    const trigger = { type: 'api' } as const;
    expect(startRun({ runId: 'r', at, ensemble: 'e', revision: 3, input: {}, trigger }).commandId).toBe(
      'start:r',
    );
    const task = { runId: 'r', taskId: 'r:a:0:1', agent: 'a', iteration: 0, attempt: 1 };
    expect(taskResult(task, { at, outcome: { ok: true, output: 1 } }).commandId).toBe('result:r:a:0:1');
    expect(resolveWait({ runId: 'r', at, key: 'k', opening: 3, value: {} }).commandId).toBe('resolve:r:k:3');
    expect(admitRun({ runId: 'r', at }).commandId).toBe('admit:r');
    expect(cancelRun({ runId: 'r', at, reason: 'x', cause: 'api' }).commandId).toBe('cancel:r');
    expect(cancelRun({ runId: 'r', at, reason: 'x', cause: 'concurrency' }).commandId).toBe(
      'cancel:concurrency:r',
    );
    expect(cancelRun({ runId: 'r', at, reason: 'x', cause: 'parent' }).commandId).toBe('cancel:parent:r');
    const timer = timerFired({ runId: 'r', timerId: 'r:run-timeout', kind: 'run-timeout', dueAt: at });
    expect(timer).toEqual({
      type: 'TimerFired',
      runId: 'r',
      commandId: 'r:run-timeout',
      at,
      timerId: 'r:run-timeout',
      kind: 'run-timeout',
    });
  });

  it('say who asked for a cancel, which chooses its inbox subject', () => {
    expect(cancelRun({ runId: 'r', at, reason: 'x', cause: 'api' }).requestedBy).toBe('api');
    expect(cancelRun({ runId: 'r', at, reason: 'x', cause: 'parent' }).requestedBy).toBe('run');
  });

  it('start a child under an id derived from its parent’s attempt, at the latest revision', () => {
    const command = childStart({
      parentRunId: 'p',
      agent: 'sub',
      iteration: 2,
      attempt: 1,
      at,
      ensemble: 'child-ensemble',
      input: { a: 1 },
      traceparent: '00-abc-def-01',
    });
    expect(command).toMatchObject({
      type: 'StartRun',
      runId: childRunId('p', 'sub', 2, 1),
      commandId: `start:${childRunId('p', 'sub', 2, 1)}`,
      revision: LATEST_REVISION,
      trigger: { type: 'child', parentRunId: 'p', agent: 'sub' },
      parent: { runId: 'p', agent: 'sub', iteration: 2 },
      traceparent: '00-abc-def-01',
    });
  });

  it('tell a parent its child ended once per child, with the output only when it completed', () => {
    const parent = { runId: 'p', agent: 'sub', iteration: 0 };
    const failed = childRunEnded({
      parent,
      childRunId: 'c',
      at,
      status: 'failed',
      output: 'ignored',
      error: { code: 'x', message: 'y' },
    });
    expect(failed).toEqual({
      type: 'ChildRunEnded',
      runId: 'p',
      commandId: 'child-ended:c',
      at,
      childRunId: 'c',
      agent: 'sub',
      iteration: 0,
      status: 'failed',
      error: { code: 'x', message: 'y' },
    });
    expect(childRunEnded({ parent, childRunId: 'c', at, status: 'completed', output: 5 }).output).toBe(5);
  });
});
