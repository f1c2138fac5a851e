import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunEvent } from '../api/types';
import { buildTimeline } from './timeline';

function events(name: string): RunEvent[] {
  return parse(readFileSync(join(__dirname, '__fixtures__', `${name}.events.yaml`), 'utf8')) as RunEvent[];
}

describe('buildTimeline', () => {
  const later = new Date('2026-11-24T11:00:00.000Z');

  it('splits each attempt into queued and running when workers report starts, with the back-off between', () => {
    const timeline = buildTimeline(events('retried-and-approved'), later);
    const fetch = timeline.lanes.find((lane) => lane.agent === 'fetch');
    expect(fetch?.spans).toEqual([
      { kind: 'queued', from: 0, to: 200, open: false, attempt: 1 },
      {
        kind: 'running',
        from: 200,
        to: 1000,
        open: false,
        attempt: 1,
        outcome: 'failed',
        detail: 'http (HTTP 503): Service Unavailable',
      },
      { kind: 'backoff', from: 1000, to: 3000, open: false, detail: 'retry after 2000 ms' },
      { kind: 'queued', from: 3000, to: 3100, open: false, attempt: 2 },
      {
        kind: 'running',
        from: 3100,
        to: 3600,
        open: false,
        attempt: 2,
        outcome: 'succeeded',
        detail: undefined,
      },
    ]);
  });

  it('lists every attempt with its queue time, run time and outcome, in the order they were scheduled', () => {
    const { attempts } = buildTimeline(events('retried-and-approved'), later);
    expect(
      attempts.map(({ lane, attempt, queuedMs, runMs, totalMs, outcome }) => ({
        lane,
        attempt,
        queuedMs,
        runMs,
        totalMs,
        outcome,
      })),
    ).toEqual([
      { lane: 'fetch', attempt: 1, queuedMs: 200, runMs: 800, totalMs: 1000, outcome: 'failed' },
      { lane: 'fetch', attempt: 2, queuedMs: 100, runMs: 500, totalMs: 600, outcome: 'succeeded' },
      { lane: 'approve', attempt: 1, queuedMs: undefined, runMs: 6400, totalMs: 6400, outcome: 'succeeded' },
    ]);
    expect(attempts[0].error).toBe('http (HTTP 503): Service Unavailable');
  });

  it('draws a wait as its own span, resolved with the action taken, and a skip as a marker', () => {
    const timeline = buildTimeline(events('retried-and-approved'), later);
    const approve = timeline.lanes.find((lane) => lane.agent === 'approve');
    expect(approve?.spans).toEqual([
      { kind: 'waiting', from: 3600, to: 10_000, open: false, attempt: 1, detail: 'key approve-7: approve' },
      {
        kind: 'attempt',
        from: 10_000,
        to: 10_000,
        open: false,
        attempt: 1,
        outcome: 'succeeded',
        detail: undefined,
      },
    ]);
    expect(timeline.lanes.find((lane) => lane.agent === 'notify')?.markers).toEqual([
      { at: 10_000, label: 'skipped: condition was false' },
    ]);
  });

  it('ends the axis at the run’s end once it has ended, whatever the time now', () => {
    const timeline = buildTimeline(events('retried-and-approved'), later);
    expect(timeline.endMs).toBe(10_050);
    expect(timeline.startedAt).toBe('2026-11-24T10:00:00.000Z');
    expect(timeline.lanes.map((lane) => lane.label)).toEqual(['fetch', 'approve', 'notify']);
  });

  it('keeps an attempt whole without AgentStarted, and draws what goes on up to now as open', () => {
    const now = new Date('2026-11-24T10:00:08.000Z');
    const timeline = buildTimeline(events('waiting-without-starts'), now);
    expect(timeline.endMs).toBe(8000);
    expect(timeline.run).toEqual([
      { kind: 'queued', from: 0, to: 2000, open: false, detail: 'behind its concurrency key' },
    ]);
    expect(timeline.lanes.find((lane) => lane.key === 'send#0')?.spans).toEqual([
      {
        kind: 'attempt',
        from: 2000,
        to: 2500,
        open: false,
        attempt: 1,
        outcome: 'succeeded',
        detail: undefined,
      },
    ]);
    expect(timeline.lanes.find((lane) => lane.key === 'review#0')?.spans).toEqual([
      { kind: 'waiting', from: 5400, to: 8000, open: true, attempt: 1, detail: 'key review-batch' },
    ]);
    const review = timeline.attempts.find((row) => row.agent === 'review');
    expect(review).toMatchObject({ outcome: 'waiting', queuedMs: undefined, runMs: 2600 });
  });

  it('shows an event type it does not know on its lane: a deferral with a due time ends the attempt and pauses it', () => {
    const timeline = buildTimeline(events('waiting-without-starts'), new Date('2026-11-24T10:00:08.000Z'));
    const second = timeline.lanes.find((lane) => lane.key === 'send#1');
    expect(second?.label).toBe('send #1');
    expect(second?.spans).toEqual([
      {
        kind: 'attempt',
        from: 2000,
        to: 2600,
        open: false,
        attempt: 1,
        outcome: 'deferred',
        detail: 'AgentDeferred: breaker-open',
      },
      { kind: 'deferred', from: 2600, to: 5000, open: false, detail: 'AgentDeferred: breaker-open' },
      {
        kind: 'attempt',
        from: 5000,
        to: 5400,
        open: false,
        attempt: 1,
        outcome: 'succeeded',
        detail: undefined,
      },
    ]);
  });

  it('gives an empty timeline for an empty log', () => {
    expect(buildTimeline([], new Date())).toEqual({
      startedAt: undefined,
      endMs: 0,
      lanes: [],
      attempts: [],
      run: [],
    });
  });
});
