import { Writable } from 'node:stream';
import type { EventLog, RecordedDecision, RunEvent, StoredEvents } from '@baton/engine';
import { createLogger, Metrics } from '@baton/telemetry';
import { RunActivity } from './run-activity';

/** The run's log as the orchestrator would have appended it. */
class MemoryLog implements EventLog {
  readonly runs = new Map<string, RunEvent[]>();

  async read(runId: string): Promise<StoredEvents> {
    const events = this.runs.get(runId) ?? [];
    return { decisions: [{ commandId: 'c', events }], events, lastSubjectSequence: events.length };
  }

  async append(runId: string, decision: RecordedDecision): Promise<number> {
    const log = [...(this.runs.get(runId) ?? []), ...decision.events];
    this.runs.set(runId, log);
    return log.length;
  }
}

function event<T extends RunEvent['type']>(
  runId: string,
  seq: number,
  type: T,
  data: Extract<RunEvent, { type: T }>['data'],
  at = '2026-01-01T00:00:00.000Z',
): RunEvent {
  return { type, version: 1, runId, seq, at, causationId: `c-${seq}`, data } as RunEvent;
}

/** One decision holding the events. */
const decision = (events: RunEvent[]): RecordedDecision => ({ commandId: `c-${events[0].seq}`, events });

const requested = (runId: string) =>
  event(runId, 1, 'RunRequested', {
    ensemble: 'orders',
    revision: 1,
    input: {},
    trigger: { type: 'manual' },
  });

function setup() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const metrics = new Metrics({ service: 'orchestrator', defaultMetrics: false });
  const log = new MemoryLog();
  const activity = new RunActivity(log, metrics, createLogger({ service: 'orchestrator', destination }));
  return { lines, metrics, log, activity };
}

describe('RunActivity', () => {
  it('counts a run started and ended by ensemble and status, with one line each', async () => {
    const { lines, metrics, activity } = setup();
    await activity.append('run-1', decision([requested('run-1'), event('run-1', 2, 'RunStarted', {})]), 0);
    await activity.append(
      'run-1',
      decision([event('run-1', 3, 'RunCompleted', { output: { ok: true } }, '2026-01-01T00:00:01.500Z')]),
      2,
    );
    const text = await metrics.text();
    expect(text).toContain('baton_runs_started_total{ensemble="orders",service="orchestrator"} 1');
    expect(text).toContain(
      'baton_runs_ended_total{ensemble="orders",status="completed",service="orchestrator"} 1',
    );
    expect(
      lines.map(({ activity: a, runId, ensemble, status, durationMs }) => ({
        a,
        runId,
        ensemble,
        status,
        durationMs,
      })),
    ).toEqual([
      { a: 'run-started', runId: 'run-1', ensemble: 'orders', status: undefined, durationMs: undefined },
      { a: 'run-ended', runId: 'run-1', ensemble: 'orders', status: 'completed', durationMs: 1500 },
    ]);
  });

  it("knows the ensemble of a run it only read (another replica started it) and logs a failure's reason", async () => {
    const { lines, metrics, log, activity } = setup();
    await log.append('run-2', decision([requested('run-2'), event('run-2', 2, 'RunStarted', {})]));
    await activity.read('run-2');
    await activity.append(
      'run-2',
      decision([
        event('run-2', 3, 'AgentFailed', {
          agent: 'charge',
          iteration: 0,
          attempt: 3,
          taskId: 't',
          level: 'attempt',
          error: { code: 'http-error', message: 'HTTP 503', status: 503 },
          final: true,
        }),
        event('run-2', 4, 'RunFailed', {
          error: { code: 'http-error', message: 'HTTP 503', agent: 'charge' },
        }),
      ]),
      2,
    );
    expect(await metrics.text()).toContain(
      'baton_runs_ended_total{ensemble="orders",status="failed",service="orchestrator"} 1',
    );
    expect(lines.map((line) => [line.level, line.activity, line.msg])).toEqual([
      ['warn', 'agent-failed', 'agent charge of run run-2 failed (attempt 3, final): HTTP 503'],
      ['warn', 'run-ended', 'run run-2 of orders failed: HTTP 503'],
    ]);
  });

  it('says when an open breaker deferred an attempt, and until when', async () => {
    const { lines, activity } = setup();
    await activity.append(
      'run-3',
      decision([
        requested('run-3'),
        event('run-3', 2, 'AgentDeferred', {
          agent: 'charge',
          iteration: 0,
          attempt: 1,
          taskId: 't',
          reason: 'breaker-open',
          error: { code: 'circuit-open', message: "circuit 'http:pay' is open" },
          delayMs: 9000,
          dueAt: '2026-01-01T00:00:09.000Z',
        }),
      ]),
      0,
    );
    expect(lines.map((line) => [line.level, line.activity, line.msg])).toEqual([
      [
        'info',
        'agent-deferred',
        "agent charge of run run-3 deferred (attempt 1, not counted) until 2026-01-01T00:00:09.000Z: circuit 'http:pay' is open",
      ],
    ]);
  });

  it('passes reads and appends through unchanged', async () => {
    const { log, activity } = setup();
    await expect(activity.append('run-3', decision([requested('run-3')]), 0)).resolves.toBe(1);
    expect(await activity.read('run-3')).toEqual(await log.read('run-3'));
  });

  it('counts nothing when the append fails', async () => {
    const { metrics, log, activity } = setup();
    jest.spyOn(log, 'append').mockRejectedValueOnce(new Error('conflict'));
    await expect(
      activity.append('run-4', decision([requested('run-4'), event('run-4', 2, 'RunStarted', {})]), 0),
    ).rejects.toThrow('conflict');
    expect(await metrics.text()).not.toContain('ensemble="orders"');
  });
});
