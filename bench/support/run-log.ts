/**
 * Which runs started and when each ended, read from Baton's event log (BATON_RUNS) after a load:
 * the end time is JetStream's timestamp of the message that stored the terminal event, i.e. when
 * the run's end became durable, whatever clock the event's own `at` came from.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { decodeRunEvents, TERMINAL_EVENT_TYPES } from '@baton/engine';
import { natsLayout } from '@baton/messaging';
import type { EndedRun } from './completion-count';

const TERMINAL = new Set<string>(TERMINAL_EVENT_TYPES);
const STATUS: Record<string, string> = {
  RunCompleted: 'completed',
  RunFailed: 'failed',
  RunTimedOut: 'timed_out',
  RunCancelled: 'cancelled',
};

export interface RunLogExtract {
  /** Runs whose RunRequested is in the read range. */
  readonly started: Set<string>;
  readonly ended: EndedRun[];
  /** Output of each completed run. */
  readonly outputs: Map<string, unknown>;
}

/** Sequence of the log's last message (0 for an empty log). */
export async function runLogLastSeq(nc: NatsConnection): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(natsLayout().streams.runs)).state.last_seq;
}

/** Every message of the log after `afterSeq`, up to its last one now. */
export async function readRunLog(nc: NatsConnection, afterSeq: number): Promise<RunLogExtract> {
  const extract: RunLogExtract = { started: new Set(), ended: [], outputs: new Map() };
  const lastSeq = await runLogLastSeq(nc);
  if (lastSeq <= afterSeq) return extract;
  const consumer = await jetstream(nc).consumers.get(natsLayout().streams.runs, {
    opt_start_seq: afterSeq + 1,
  });
  const messages = await consumer.consume({ max_messages: 1000 });
  for await (const message of messages) {
    for (const event of decodeRunEvents(message.data)) {
      if (event.type === 'RunRequested') extract.started.add(event.runId);
      if (TERMINAL.has(event.type)) {
        const endedAtMs = Number(message.timestampNanos / 1_000_000n);
        extract.ended.push({ runId: event.runId, endedAtMs, status: STATUS[event.type] });
        if (event.type === 'RunCompleted') extract.outputs.set(event.runId, event.data.output);
      }
    }
    if (message.seq >= lastSeq) break;
  }
  await messages.close();
  return extract;
}
