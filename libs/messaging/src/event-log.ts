import {
  AppendConflictError,
  decodeRunLog,
  decodeRunMessage,
  encodeDecision,
  RunLogDecodeError,
} from '@baton/engine';
import type { DecodedRunLog, EventLog, RecordedDecision, StoredEvents } from '@baton/engine';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { openRunEvent, payloadCodec, PayloadDecryptError, sealRunEvent } from '@baton/payload-codec';
import { API_CODES, hasApiCode } from './api-error-codes';
import { MessagingError } from './messaging-error';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { readRunSubject } from './run-subject-reader';

/**
 * A run's event log: each decision about run R is one message `{ commandId, events }` on
 * `baton.run.R` in BATON_RUNS, so a decision is in the log whole or not at all.
 *
 * Appends are guarded twice. `Nats-Expected-Last-Subject-Sequence` makes a writer that decided from
 * a stale read fail with AppendConflictError (it reloads and decides again), and `Nats-Msg-Id` =
 * the command id makes a retried publish harmless. nats-server checks the message id first: a
 * command whose decision is already stored gets a duplicate acknowledgement whatever the expected
 * sequence. That counts as success only when the stored message is byte for byte the one being
 * appended (a retry); a different decision of the same command (another writer decided it from
 * another state) is a conflict: reload, and find the command applied.
 */
export class JetStreamEventLog implements EventLog {
  private readonly js: JetStreamClient;
  private readonly layout: NatsLayout;
  private readonly publisher: JetStreamPublisher;
  private jsm: Promise<JetStreamManager> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    options: LayoutOptions = {},
  ) {
    this.js = jetstream(nc);
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  async read(runId: string): Promise<StoredEvents> {
    const { messages, lastSubjectSequence } = await readRunSubject(
      await this.manager(),
      this.js,
      this.layout.streams.runs,
      this.layout.runSubject(runId),
    );
    try {
      return { ...openRunLog(decodeRunLog(messages.map(({ data }) => data))), lastSubjectSequence };
    } catch (error) {
      if (error instanceof PayloadDecryptError) {
        throw new MessagingError('undecryptable-payload', `Run ${runId}'s event log: ${error.message}`, {
          cause: error,
        });
      }
      if (!(error instanceof RunLogDecodeError)) throw error;
      throw new MessagingError('corrupt-message', `Run ${runId}'s event log: ${error.message}`, {
        cause: error,
      });
    }
  }

  async append(
    runId: string,
    decision: RecordedDecision,
    expectedLastSubjectSequence: number,
  ): Promise<number> {
    for (const event of decision.events) {
      if (event.runId !== runId) {
        throw new RangeError(`Event ${event.type} #${event.seq} belongs to run ${event.runId}, not ${runId}`);
      }
    }
    const subject = this.layout.runSubject(runId);
    // Payloads are encrypted at this edge (BATON_PAYLOAD_KEY); the rest of the envelope stays readable.
    const codec = payloadCodec();
    const data = encodeDecision({
      commandId: decision.commandId,
      events: decision.events.map((event) => sealRunEvent(event, codec)),
    });
    const ack = await this.publisher
      .publish(subject, data, {
        msgID: decision.commandId,
        traceparent: decision.events[0].traceparent,
        expectLastSubjectSequence: expectedLastSubjectSequence,
      })
      .catch((error: unknown) => {
        if (hasApiCode(error, API_CODES.StreamWrongLastSequence)) {
          throw new AppendConflictError(
            `Run ${runId} has events after sequence ${expectedLastSubjectSequence}: reload and decide again`,
            { cause: error },
          );
        }
        throw error;
      });
    if (ack.duplicate && !(await this.storedEquals(ack.seq, subject, decision))) {
      throw new AppendConflictError(
        `Run ${runId} already records another decision of command ${decision.commandId}: reload`,
      );
    }
    return ack.seq;
  }
  /** Compared decrypted: a retried append encrypts the same decision with another IV. */
  private async storedEquals(seq: number, subject: string, decision: RecordedDecision): Promise<boolean> {
    const stored = await (await this.manager()).direct.getMessage(this.layout.streams.runs, { seq });
    if (stored === null || stored.subject !== subject) return false;
    const codec = payloadCodec();
    try {
      const { commandId, events } = decodeRunMessage(stored.data);
      const opened = { commandId, events: events.map((event) => openRunEvent(event, codec)) };
      return Buffer.from(encodeDecision(opened)).equals(encodeDecision(decision));
    } catch (error) {
      // What is stored there is not this decision (another layout, another key): a conflict.
      if (error instanceof RunLogDecodeError || error instanceof PayloadDecryptError) return false;
      throw error;
    }
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.nc, { checkAPI: false });
    return this.jsm;
  }
}

/** A decoded log with its events' payloads decrypted (a decision's events and the flat list alike). */
function openRunLog(log: DecodedRunLog): DecodedRunLog {
  const codec = payloadCodec();
  const decisions = log.decisions.map(({ commandId, events }) => ({
    commandId,
    events: events.map((event) => openRunEvent(event, codec)),
  }));
  return { decisions, events: decisions.flatMap((decision) => decision.events) };
}
