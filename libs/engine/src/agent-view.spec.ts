import { agentView } from './agent-view';
import type { RunEvent } from './events';
import { foldEvents } from './evolve';

const envelope = { version: 1 as const, runId: 'r', causationId: 'c' };
let seq = 0;
const event = (type: RunEvent['type'], data: unknown, at = '2025-01-01T00:00:00.000Z'): RunEvent =>
  ({ ...envelope, type, seq: ++seq, at, data }) as RunEvent;

const requested = event('RunRequested', {
  ensemble: 'e',
  revision: 1,
  input: {},
  trigger: { type: 'manual' },
  agents: ['a', 'b', 'c'],
});

describe('agentView', () => {
  it('an agent that has not finished has no view', () => {
    const state = foldEvents([
      requested,
      event('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't' }),
    ]);
    expect(agentView(state, 'a')).toBeUndefined();
    expect(agentView(state, 'b')).toBeUndefined();
  });

  it('a succeeded agent shows its output, as a one-element outputs array too, with attempts and duration', () => {
    const state = foldEvents([
      requested,
      event(
        'AgentScheduled',
        { agent: 'a', iteration: 0, attempt: 1, taskId: 't' },
        '2025-01-01T00:00:00.000Z',
      ),
      event(
        'AgentSucceeded',
        {
          agent: 'a',
          iteration: 0,
          attempt: 1,
          taskId: 't',
          output: { id: 7 },
          response: { status: 201, headers: {} },
        },
        '2025-01-01T00:00:01.500Z',
      ),
    ]);
    expect(agentView(state, 'a')).toEqual({
      output: { id: 7 },
      outputs: [{ id: 7 }],
      success: true,
      failed: false,
      executed: true,
      skipped: false,
      error: undefined,
      attempts: 1,
      duration: 1500,
      response: { status: 201, headers: {} },
    });
  });

  it("exposes a think agent's token usage as usage", () => {
    const usage = { inputTokens: 3, outputTokens: 5, totalTokens: 8 };
    const state = foldEvents([
      requested,
      event('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't' }),
      event('AgentSucceeded', { agent: 'a', iteration: 0, attempt: 1, taskId: 't', output: 'text', usage }),
    ]);
    expect(agentView(state, 'a')?.usage).toEqual(usage);
  });

  it('a skipped agent reads as not executed, not successful and not failed, with no output', () => {
    const state = foldEvents([requested, event('AgentSkipped', { agent: 'b', reason: 'condition' })]);
    expect(agentView(state, 'b')).toMatchObject({
      output: undefined,
      outputs: [],
      success: false,
      failed: false,
      executed: false,
      skipped: true,
      attempts: 0,
    });
  });

  it('a failed agent shows its error as { message, code }', () => {
    const state = foldEvents([
      requested,
      event('AgentScheduled', { agent: 'c', iteration: 0, attempt: 1, taskId: 't' }),
      event('AgentFailed', {
        agent: 'c',
        iteration: 0,
        attempt: 1,
        taskId: 't',
        error: { code: 'http', message: 'no', status: 500 },
        final: true,
      }),
    ]);
    expect(agentView(state, 'c')).toMatchObject({
      success: false,
      failed: true,
      executed: true,
      error: { message: 'no', code: 'http' },
    });
  });
});
