/**
 * The run log's format, in one place: every service reads `baton.run.<runId>` through these
 * functions and nobody parses its messages by hand.
 *
 * Layouts it reads:
 * - a decision message (today's layout): `{ "commandId": "...", "events": [ ... ] }`, all the events
 *   one command decided, appended atomically as one message;
 * - the first layout: one event per message (its decision is the run of consecutive messages with
 *   the same `causationId`).
 * Every event is checked for its envelope and upcast to the current version of its type.
 */
import { EVENT_VERSIONS, type EventType, type RunEvent } from '../events';
import { RunLogDecodeError } from './run-log-error';
import { type StoredEvent, upcast } from './upcasters';

/** One decision as the log records it: the command that caused it and every event it decided. */
export interface RecordedDecision {
  readonly commandId: string;
  readonly events: readonly RunEvent[];
}

/** A run's whole log, decoded: its decisions in order, and their events in one list. */
export interface DecodedRunLog {
  readonly decisions: readonly RecordedDecision[];
  readonly events: readonly RunEvent[];
}

export interface DecodeOptions {
  /**
   * `keep`: pass events of a type or version newer than this build through as they are, for
   * displays that can show what they do not understand (the CLI's timeline). Their shape is not
   * checked, so never fold them. Default `refuse`: a RunLogDecodeError.
   */
  readonly unknownEvents?: 'refuse' | 'keep';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The message a decision is appended as. */
export function encodeDecision(decision: RecordedDecision): Uint8Array {
  if (decision.events.length === 0) {
    throw new RangeError(`The decision of command ${decision.commandId} has no events to record`);
  }
  return encoder.encode(JSON.stringify({ commandId: decision.commandId, events: decision.events }));
}

/** One stored message (bytes, or parsed JSON) → the decision it records. */
export function decodeRunMessage(message: unknown, options: DecodeOptions = {}): RecordedDecision {
  return decodeValue(parsed(message), options).decision;
}

/**
 * The events of one stored message (bytes, or parsed JSON), or of a list of messages or events
 * (such as `GET /api/runs/<id>/events` returns), upcast to the current versions, in order.
 */
export function decodeRunEvents(message: unknown, options: DecodeOptions = {}): RunEvent[] {
  const value = parsed(message);
  if (!Array.isArray(value)) return [...decodeValue(value, options).decision.events];
  return value.flatMap((entry) => decodeValue(entry, options).decision.events);
}

/**
 * A run's messages, in subject order → its decisions and events. Consecutive first-layout messages
 * caused by the same command are one decision. A message that does not decode throws a
 * RunLogDecodeError naming its position.
 */
export function decodeRunLog(messages: Iterable<unknown>): DecodedRunLog {
  const decisions: RecordedDecision[] = [];
  const events: RunEvent[] = [];
  let index = 0;
  let previousWasFirstLayout = false;
  for (const message of messages) {
    const { decision, firstLayout } = decodeAt(message, index++);
    const last = decisions.at(-1);
    if (firstLayout && previousWasFirstLayout && last?.commandId === decision.commandId) {
      decisions[decisions.length - 1] = {
        commandId: last.commandId,
        events: [...last.events, ...decision.events],
      };
    } else {
      decisions.push(decision);
    }
    previousWasFirstLayout = firstLayout;
    events.push(...decision.events);
  }
  return { decisions, events };
}

interface Decoded {
  readonly decision: RecordedDecision;
  readonly firstLayout: boolean;
}

function decodeValue(value: unknown, options: DecodeOptions): Decoded {
  if (isDecisionMessage(value)) {
    const events = value.events.map((event) => decodeEvent(event, options));
    return { decision: { commandId: value.commandId, events }, firstLayout: false };
  }
  if (isRecord(value) && typeof value.type === 'string') {
    const event = decodeEvent(value, options);
    return { decision: { commandId: event.causationId, events: [event] }, firstLayout: true };
  }
  throw new RunLogDecodeError(
    'not-a-run-message',
    'the message is neither a decision { commandId, events } nor an event',
  );
}

function decodeAt(message: unknown, index: number): Decoded {
  try {
    return decodeValue(parsed(message), {});
  } catch (error) {
    if (!(error instanceof RunLogDecodeError)) throw error;
    throw new RunLogDecodeError(error.code, `message #${index + 1} of the run's log: ${error.message}`);
  }
}

function parsed(message: unknown): unknown {
  if (!(message instanceof Uint8Array)) return message;
  try {
    return JSON.parse(decoder.decode(message));
  } catch (error) {
    throw new RunLogDecodeError('not-json', `the message is not UTF-8 JSON: ${(error as Error).message}`);
  }
}

function isDecisionMessage(value: unknown): value is { commandId: string; events: unknown[] } {
  return isRecord(value) && typeof value.commandId === 'string' && Array.isArray(value.events);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeEvent(value: unknown, options: DecodeOptions): RunEvent {
  const event = envelope(value);
  const known = Object.hasOwn(EVENT_VERSIONS, event.type);
  if (known && event.version <= EVENT_VERSIONS[event.type as EventType]) {
    return upcast(event as unknown as StoredEvent);
  }
  if (options.unknownEvents === 'keep') return event as unknown as RunEvent;
  throw known
    ? new RunLogDecodeError(
        'newer-event-version',
        `${event.type} #${event.seq} is version ${event.version}; this build reads up to ${EVENT_VERSIONS[event.type as EventType]}`,
      )
    : new RunLogDecodeError('unknown-event-type', `event #${event.seq} has an unknown type ${event.type}`);
}

interface Envelope {
  readonly type: string;
  readonly version: number;
  readonly seq: number;
  readonly causationId: string;
}

/** The fields every event carries, of the right types; the payload is the upcasters' business. */
function envelope(value: unknown): Envelope {
  const fail = (what: string): never => {
    throw new RunLogDecodeError('invalid-event', `an event ${what}: ${preview(value)}`);
  };
  if (!isRecord(value)) return fail('is not an object');
  const { type, version, runId, seq, at, causationId, traceparent, data } = value;
  if (typeof type !== 'string' || type === '') fail('has no type');
  if (!Number.isInteger(version) || (version as number) < 1) fail('has no version');
  if (typeof runId !== 'string' || runId === '') fail('has no runId');
  if (!Number.isInteger(seq) || (seq as number) < 1) fail('has no seq');
  if (typeof at !== 'string') fail('has no time (at)');
  if (typeof causationId !== 'string') fail('has no causationId');
  if (traceparent !== undefined && typeof traceparent !== 'string')
    fail('has a traceparent that is not text');
  if (!isRecord(data)) fail('has no data object');
  return value as unknown as Envelope;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
