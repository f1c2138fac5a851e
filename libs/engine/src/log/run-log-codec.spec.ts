import { EVENT_TYPES, EVENT_VERSIONS, type RunEvent } from '../events';
import { decodeRunEvents, decodeRunLog, decodeRunMessage, encodeDecision } from './run-log-codec';
import { RunLogDecodeError } from './run-log-error';
import { UPCASTERS } from './upcasters';

const at = '2026-01-05T09:00:00.000Z';

function event(
  type: string,
  seq: number,
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const version = (EVENT_VERSIONS as Record<string, number>)[type] ?? 1;
  return { type, version, runId: 'run-1', seq, at, causationId: 'cmd-1', data, ...extra };
}

const requested = event('RunRequested', 1, {
  ensemble: 'e',
  revision: 1,
  input: {},
  trigger: { type: 'manual' },
}) as unknown as RunEvent;
const started = event('RunStarted', 2, {}) as unknown as RunEvent;

function decodeError(run: () => unknown): RunLogDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof RunLogDecodeError) return error;
    throw error;
  }
  throw new Error('it decoded');
}

describe('the run log codec', () => {
  it('encodes a decision as one UTF-8 JSON message { commandId, events } and decodes it back', () => {
    const message = encodeDecision({ commandId: 'cmd-1', events: [requested, started] });
    expect(JSON.parse(new TextDecoder().decode(message))).toEqual({
      commandId: 'cmd-1',
      events: [requested, started],
    });
    expect(decodeRunMessage(message)).toEqual({ commandId: 'cmd-1', events: [requested, started] });
    expect(decodeRunEvents(message)).toEqual([requested, started]);
  });

  it('refuses to encode a decision without events', () => {
    expect(() => encodeDecision({ commandId: 'cmd-1', events: [] })).toThrow(RangeError);
  });

  it('reads an event of the first layout as a decision of the command that caused it', () => {
    expect(decodeRunMessage(requested)).toEqual({ commandId: 'cmd-1', events: [requested] });
  });

  it('reads a whole log: consecutive first-layout messages of one command are one decision', () => {
    const next = { ...started, seq: 3, causationId: 'cmd-2' };
    const log = decodeRunLog([
      requested,
      started,
      encodeDecision({ commandId: 'cmd-2', events: [next] }),
      { commandId: 'cmd-3', events: [{ ...started, seq: 4, causationId: 'cmd-3' }] },
    ]);
    expect(log.decisions.map((decision) => [decision.commandId, decision.events.length])).toEqual([
      ['cmd-1', 2],
      ['cmd-2', 1],
      ['cmd-3', 1],
    ]);
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('reads a list of events, as GET /api/runs/<id>/events answers', () => {
    expect(decodeRunEvents([requested, started])).toEqual([requested, started]);
  });

  describe('upcasting', () => {
    it("makes version 1's agent-level outcomes (attempt 0) level 'agent', and the others level 'attempt'", () => {
      const emptyLoop = event(
        'AgentSucceeded',
        3,
        { agent: 'a', iteration: 0, attempt: 0, taskId: '', output: [] },
        { version: 1 },
      );
      const conditionError = event(
        'AgentFailed',
        4,
        {
          agent: 'b',
          iteration: 0,
          attempt: 0,
          taskId: '',
          error: { code: 'condition', message: 'x' },
          final: true,
        },
        { version: 1 },
      );
      const attempt = event(
        'AgentSucceeded',
        5,
        { agent: 'c', iteration: 1, attempt: 2, taskId: 't', output: 1 },
        { version: 1 },
      );
      expect(decodeRunEvents([emptyLoop, conditionError, attempt]).map((e) => [e.version, e.data])).toEqual([
        [2, { agent: 'a', level: 'agent', output: [] }],
        [2, { agent: 'b', level: 'agent', error: { code: 'condition', message: 'x' }, final: true }],
        [2, { agent: 'c', level: 'attempt', iteration: 1, attempt: 2, taskId: 't', output: 1 }],
      ]);
    });

    it("gives version 1's AgentStarted its own time as startedAt, unless it carries one", () => {
      const ref = { agent: 'a', iteration: 0, attempt: 1, taskId: 't' };
      const [bare, carrying] = decodeRunEvents([
        event('AgentStarted', 3, ref, { version: 1 }),
        event('AgentStarted', 4, { ...ref, startedAt: '2026-01-05T08:59:59.000Z' }, { version: 1 }),
      ]);
      expect(bare.data).toEqual({ ...ref, startedAt: at });
      expect(carrying.data).toEqual({ ...ref, startedAt: '2026-01-05T08:59:59.000Z' });
    });

    it('has an upcaster from every version below the current one of every event type', () => {
      const missing = EVENT_TYPES.flatMap((type) =>
        Array.from({ length: EVENT_VERSIONS[type] - 1 }, (_, index) => index + 1)
          .filter((version) => UPCASTERS[type]?.[version] === undefined)
          .map((version) => `${type} v${version}`),
      );
      expect(missing).toEqual([]);
    });

    it('leaves an event of the current version as it is', () => {
      const [decoded] = decodeRunEvents([started]);
      expect(decoded).toBe(started);
    });
  });

  describe('refusals, each with a code', () => {
    it.each<[string, unknown, string]>([
      ['bytes that are not JSON', new TextEncoder().encode('{"commandId":'), 'not-json'],
      ['JSON that is no run message', { hello: 'world' }, 'not-a-run-message'],
      ['a number', 42, 'not-a-run-message'],
      ['an event without a version', { ...requested, version: undefined }, 'invalid-event'],
      ['an event without a run id', { ...requested, runId: '' }, 'invalid-event'],
      ['an event with seq 0', { ...requested, seq: 0 }, 'invalid-event'],
      ['an event without a time', { ...requested, at: 5 }, 'invalid-event'],
      ['an event without causation', { ...requested, causationId: null }, 'invalid-event'],
      ['an event whose data is a list', { ...requested, data: [] }, 'invalid-event'],
      [
        'a decision holding something that is not an event',
        { commandId: 'c', events: ['x'] },
        'invalid-event',
      ],
      [
        'an event type this build does not know',
        { ...requested, type: 'AgentDreamed' },
        'unknown-event-type',
      ],
      ['a version newer than this build reads', { ...requested, version: 9 }, 'newer-event-version'],
    ])('%s', (_what, message, code) => {
      expect(decodeError(() => decodeRunMessage(message)).code).toBe(code);
    });

    it('names the position of the message that does not decode in a whole log', () => {
      const error = decodeError(() => decodeRunLog([requested, { nothing: true }]));
      expect(error.code).toBe('not-a-run-message');
      expect(error.message).toMatch(/^message #2 of the run's log: /);
    });

    it('keeps events newer than this build when asked to, for displays', () => {
      const newer = { ...requested, type: 'AgentDreamed', seq: 2 };
      const events = decodeRunEvents([requested, newer], { unknownEvents: 'keep' });
      expect(events.map((e) => e.type)).toEqual(['RunRequested', 'AgentDreamed']);
    });
  });
});
