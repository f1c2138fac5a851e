import type { EventType, RunEvent } from '@baton/engine';
import type { PayloadCodec } from './payload-codec';

/**
 * The fields of each event's `data` that hold what a run was given, produced, kept or failed with:
 * encrypted one by one, so the log's envelope (type, run, seq, agent, attempt, times) stays readable
 * by every tool and the projector copies the envelopes into the read models without the key.
 */
export const RUN_EVENT_PAYLOAD_FIELDS: { readonly [T in EventType]?: readonly string[] } = {
  RunRequested: ['input'],
  // `items` is sealed item by item: the projector counts a loop's items to know when it is done.
  AgentScheduled: ['item', 'items'],
  AgentSucceeded: ['output', 'response'],
  AgentFailed: ['error'],
  WaitResolved: ['value'],
  StateUpdated: ['changes'],
  RunCompleted: ['output'],
  RunFailed: ['error'],
  RunCancelled: ['reason'],
};

/** Lists whose length readers need without the key: each element is sealed on its own. */
const SEALED_BY_ELEMENT = new Set(['items']);

function mapPayloadFields(event: RunEvent, map: (value: unknown) => unknown): RunEvent {
  const fields = RUN_EVENT_PAYLOAD_FIELDS[event.type];
  if (fields === undefined) return event;
  let data: Record<string, unknown> | undefined;
  for (const field of fields) {
    const value = (event.data as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const mapped =
      SEALED_BY_ELEMENT.has(field) && Array.isArray(value) ? mapElements(value, map) : map(value);
    if (mapped !== value) (data ??= { ...event.data })[field] = mapped;
  }
  // Unchanged (no key, nothing sealed): the same event, no copy on the orchestrator's read path.
  return data === undefined ? event : ({ ...event, data } as RunEvent);
}

/** The event as it is appended: its payload fields encrypted (as they are without a key). */
export function sealRunEvent(event: RunEvent, codec: PayloadCodec): RunEvent {
  return codec.encrypting ? mapPayloadFields(event, codec.seal) : event;
}

/** A decoded event with its payload fields decrypted. */
export function openRunEvent(event: RunEvent, codec: PayloadCodec): RunEvent {
  return mapPayloadFields(event, codec.openValue);
}

function mapElements(values: readonly unknown[], map: (value: unknown) => unknown): readonly unknown[] {
  const mapped = values.map(map);
  return mapped.some((value, index) => value !== values[index]) ? mapped : values;
}
