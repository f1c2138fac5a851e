import { decodeRunEvents, type RunEvent } from '@baton/engine';
import { yamlFixture } from '../testing/yaml-fixture';
import { formatTimeline } from './run-timeline';

const events = decodeRunEvents(yamlFixture<{ events: unknown[] }>(__dirname, 'order-run.yaml').events, {
  unknownEvents: 'keep',
});

/** The timeline's rows as cells, split on the column gaps (no cell of the fixture holds two spaces). */
function rows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));
}

function rowOf(text: string, seq: number): string {
  return text.trimEnd().split('\n')[seq];
}

describe('the runs show timeline', () => {
  const text = formatTimeline(events);

  it('has a header and one row per event, in the order of the log', () => {
    const [header, ...body] = rows(text);
    expect(header).toEqual(['TIME', 'EVENT', 'AGENT', 'ATTEMPT', 'DETAIL']);
    expect(body.map((cells) => cells[1])).toEqual(events.map((event) => event.type));
  });

  it('times each event from the first one', () => {
    expect(rowOf(text, 1)).toMatch(/^\+0\.000s /);
    expect(rowOf(text, 8)).toMatch(/^\+1\.200s /);
    expect(rowOf(text, 16)).toMatch(/^\+4\.250s /);
  });

  it("places a worker's start at the worker's time, with how long the attempt queued; its outcome says how long it ran", () => {
    expect(rowOf(text, 5)).toMatch(/^\+0\.060s +AgentStarted +check-stock#1 +1 +queued 50ms$/);
    expect(rowOf(text, 6)).toMatch(/AgentSucceeded +check-stock#1 +1 +ran 60ms, output \{"inStock":true\}$/);
    expect(rowOf(text, 11)).toMatch(/^\+3\.450s +AgentStarted +charge +2 +queued 250ms$/);
    // An attempt whose worker did not report its start: no running time.
    expect(rowOf(text, 8)).toMatch(/AgentFailed +charge +1 +http-error/);
  });

  it('numbers the iterations of a looped agent and only of those', () => {
    expect(rowOf(text, 3)).toContain(' check-stock#0 ');
    expect(rowOf(text, 4)).toContain(' check-stock#1 ');
    expect(rowOf(text, 7)).toMatch(/ charge +1 *$/);
  });

  it('shows the attempt of attempt events', () => {
    expect(rowOf(text, 12)).toMatch(
      /AgentSucceeded +charge +2 +ran 450ms, HTTP 201, output \{"id":"ch_1"\}$/,
    );
  });

  it('explains a failure, the retry it leads to, and a skip', () => {
    expect(rowOf(text, 8)).toContain('http-error (HTTP 503): payments answered 503 (will retry)');
    expect(rowOf(text, 9)).toContain('retry in 2.0s, at 2025-01-15T09:30:03Z');
    expect(rowOf(text, 13)).toContain('condition was false');
  });

  it('shows the trigger of the request, the item of a loop step and the value that resolved a wait', () => {
    expect(rowOf(text, 1)).toContain('process-order revision 3, webhook /hooks/orders');
    expect(rowOf(text, 3)).toContain('item {"sku":"mug"}');
    expect(rowOf(text, 14)).toContain('key order-ord-1: {"action":"approve"}');
  });

  it('shows an attempt deferred by an open breaker, not counted, and when it is sent again', () => {
    const deferred = {
      type: 'AgentDeferred',
      version: 1,
      runId: 'r',
      seq: 4,
      at: '2025-01-15T09:30:01.000Z',
      causationId: 'c',
      data: {
        agent: 'charge',
        iteration: 0,
        attempt: 2,
        taskId: 'r:charge:0:2',
        reason: 'breaker-open',
        error: { code: 'circuit-open', message: "circuit 'http:payments' is open" },
        delayMs: 9000,
        dueAt: '2025-01-15T09:30:10.000Z',
      },
    } as RunEvent;
    const row = formatTimeline([deferred]).trimEnd().split('\n')[1];
    expect(row).toContain('AgentDeferred');
    expect(row).toContain('not counted, sent again at 2025-01-15T09:30:10Z: circuit-open');
  });

  it('names the event that started a run started by an event', () => {
    const requested = {
      ...events[0],
      data: { ...(events[0].data as object), trigger: { type: 'event', event: 'order.created' } },
    } as unknown as RunEvent;
    expect(formatTimeline([requested])).toContain('event order.created');
  });

  it('still lists an event type this CLI does not know, without a detail', () => {
    expect(rowOf(text, 15)).toMatch(/ SomethingNewer$/);
  });

  it('cuts a long detail so each event stays on one line', () => {
    const long = formatTimeline([{ ...events[15], data: { output: { text: 'x'.repeat(500) } } } as RunEvent]);
    const row = long.trimEnd().split('\n')[1];
    expect(row.length).toBeLessThan(140);
    expect(row.endsWith('…')).toBe(true);
  });

  it('says so when the log is empty', () => {
    expect(formatTimeline([])).toBe('no events\n');
  });
});
