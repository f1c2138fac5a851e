import type { RunEvent } from '@baton/engine';
import { yamlFixture } from '../testing/yaml-fixture';
import { formatTimeline } from './run-timeline';

const { events } = yamlFixture<{ events: RunEvent[] }>(__dirname, 'order-run.yaml');

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
    expect(rowOf(text, 7)).toMatch(/^\+1\.200s /);
    expect(rowOf(text, 13)).toMatch(/^\+4\.250s /);
  });

  it('numbers the iterations of a looped agent and only of those', () => {
    expect(rowOf(text, 3)).toContain(' check-stock#0 ');
    expect(rowOf(text, 4)).toContain(' check-stock#1 ');
    expect(rowOf(text, 6)).toMatch(/ charge +1 *$/);
  });

  it('shows the attempt of attempt events', () => {
    expect(rowOf(text, 9)).toMatch(/AgentSucceeded +charge +2 +HTTP 201, output \{"id":"ch_1"\}$/);
  });

  it('explains a failure, the retry it leads to, and a skip', () => {
    expect(rowOf(text, 7)).toContain('http-error (HTTP 503): payments answered 503 (will retry)');
    expect(rowOf(text, 8)).toContain('retry in 2.0s, at 2025-01-15T09:30:03Z');
    expect(rowOf(text, 10)).toContain('condition was false');
  });

  it('shows the trigger of the request, the item of a loop step and the value that resolved a wait', () => {
    expect(rowOf(text, 1)).toContain('process-order revision 3, webhook /hooks/orders');
    expect(rowOf(text, 3)).toContain('item {"sku":"mug"}');
    expect(rowOf(text, 11)).toContain('key order-ord-1: {"action":"approve"}');
  });

  it('still lists an event type this CLI does not know, without a detail', () => {
    expect(rowOf(text, 12)).toMatch(/ SomethingNewer$/);
  });

  it('cuts a long detail so each event stays on one line', () => {
    const long = formatTimeline([{ ...events[12], data: { output: { text: 'x'.repeat(500) } } } as RunEvent]);
    const row = long.trimEnd().split('\n')[1];
    expect(row.length).toBeLessThan(140);
    expect(row.endsWith('…')).toBe(true);
  });

  it('says so when the log is empty', () => {
    expect(formatTimeline([])).toBe('no events\n');
  });
});
