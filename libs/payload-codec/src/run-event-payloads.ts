import type { EventType, RunEvent } from '@baton/engine';
import type { PayloadCodec } from './payload-codec';

/**
 * The fields of each event's `data` that hold what a run was given, produced, kept or failed with:
 * encrypted one by one, so the log's envelope (type, run, seq, agent, attempt, times) stays readable
 * by every tool and the projector copies the envelopes into the read models without the key.
 */
export const RUN_EVENT_PAYLOAD_FIELDS: { readonly [T in EventType]?: readonly string[] } = {
  RunRequested: ['input'],
  AgentScheduled: ['item', 'items'],
  AgentSucceeded: ['output', 'response'],
  AgentFailed: ['error'],
  WaitResolved: ['value'],
  StateUpdated: ['changes'],
  RunCompleted: ['output'],
  RunFailed: ['error'],
  RunCancelled: ['reason'],
};

function mapPayloadFields(event: RunEvent, map: (value: unknown) => unknown): RunEvent {
  const fields = RUN_EVENT_PAYLOAD_FIELDS[event.type];
  if (fields === undefined) return event;
  const data: Record<string, unknown> = { ...event.data };
  for (const field of fields) if (data[field] !== undefined) data[field] = map(data[field]);
  return { ...event, data } as RunEvent;
}

/** The event as it is appended: its payload fields encrypted (as they are without a key). */
export function sealRunEvent(event: RunEvent, codec: PayloadCodec): RunEvent {
  return codec.encrypting ? mapPayloadFields(event, codec.seal) : event;
}

/** A decoded event with its payload fields decrypted. */
export function openRunEvent(event: RunEvent, codec: PayloadCodec): RunEvent {
  return mapPayloadFields(event, codec.openValue);
}
