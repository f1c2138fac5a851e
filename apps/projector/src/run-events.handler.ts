import type { JsMsg } from '@nats-io/jetstream';
import { decodeRunEvents, type RunEvent } from '@baton/engine';
import type { Disposition } from '@baton/messaging';
import type { ProjectionOutcome, RunLogMessage, RunProjector } from '@baton/persistence';

/**
 * The events of one BATON_RUNS message, through the engine's one decoder (every layout and version;
 * older ones upcast). Throws on a message that is not a run-log message.
 */
export function runEventsOf(data: Uint8Array): RunEvent[] {
  return decodeRunEvents(data);
}

/** A message that came before an earlier event of its run comes back soon: 250 ms doubling to 5 s. */
export function gapRedeliveryDelay(deliveryCount: number): number {
  return Math.min(250 * 2 ** (deliveryCount - 1), 5000);
}

export interface RunBatchReport {
  readonly outcomes: readonly ProjectionOutcome[];
  /** Messages that were not run-log messages (terminated). */
  readonly poison: number;
  /** The time of the latest event applied, if any. */
  readonly lastAppliedAt: string | undefined;
}

/**
 * `BATON_RUNS` → the read models, a batch at a time: decoded, applied in one transaction, and
 * settled once it committed. A message whose run misses an earlier event is NAKed so JetStream
 * redelivers it after the one it waits for; one that is not JSON is terminated.
 */
export async function projectRunMessages(
  projector: RunProjector,
  messages: readonly JsMsg[],
  log: { error(message: string): void },
): Promise<{ dispositions: Disposition[]; report: RunBatchReport }> {
  const decoded: Array<RunLogMessage | undefined> = messages.map((msg) => {
    try {
      return { events: runEventsOf(msg.data), streamSeq: msg.seq };
    } catch (error) {
      log.error(
        `Terminating ${msg.subject} #${msg.seq}: not a run-log message (${(error as Error).message})`,
      );
      return undefined;
    }
  });
  const projectable = decoded.filter((message): message is RunLogMessage => message !== undefined);
  const outcomes = await projector.applyBatch(projectable);
  const outcomeOf = new Map(projectable.map((message, index) => [message, outcomes[index]]));
  let lastAppliedAt: string | undefined;
  const dispositions = messages.map((msg, index): Disposition => {
    const message = decoded[index];
    if (message === undefined) return { kind: 'term', reason: 'not a run-log message' };
    const outcome = outcomeOf.get(message);
    if (outcome?.result === 'gap')
      return { kind: 'nak', delayMs: gapRedeliveryDelay(msg.info.deliveryCount) };
    const at = message.events.at(-1)?.at;
    if (
      outcome?.result === 'applied' &&
      at !== undefined &&
      (lastAppliedAt === undefined || at > lastAppliedAt)
    )
      lastAppliedAt = at;
    return { kind: 'ack' };
  });
  return { dispositions, report: { outcomes, poison: messages.length - projectable.length, lastAppliedAt } };
}
