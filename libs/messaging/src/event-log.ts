import { AppendConflictError } from '@baton/engine';
import type { EventLog, RunEvent, StoredEvents } from '@baton/engine';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { decodeStoredJson, encodeJson } from './json-payload';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { readRunSubject } from './run-subject-reader';

/**
 * A run's event log: every event of run R is a message on `baton.run.R` in BATON_RUNS.
 *
 * Appends are guarded twice. `Nats-Expected-Last-Subject-Sequence` makes a writer that decided from
 * a stale read fail with AppendConflictError (it reloads and decides again), and `Nats-Msg-Id`
 * `<runId>:<seq>` makes a retried publish harmless. Because two writers deciding from the same
 * state use the same ids, a duplicate acknowledgement is accepted only when the stored message is
 * byte for byte the one being appended; otherwise it is the other writer's event, a conflict.
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
    const events = messages.map(({ seq, data }) =>
      decodeStoredJson<RunEvent>(data, `Run ${runId}'s event at stream sequence ${seq}`),
    );
    return { events, lastSubjectSequence };
  }

  async append(
    runId: string,
    events: readonly RunEvent[],
    expectedLastSubjectSequence: number,
  ): Promise<number> {
    const subject = this.layout.runSubject(runId);
    let last = expectedLastSubjectSequence;
    for (const event of events) {
      if (event.runId !== runId) {
        throw new RangeError(`Event ${event.type} #${event.seq} belongs to run ${event.runId}, not ${runId}`);
      }
      const data = encodeJson(event);
      const ack = await this.publisher
        .publish(subject, data, {
          msgID: `${runId}:${event.seq}`,
          traceparent: event.traceparent,
          expectLastSubjectSequence: last,
        })
        .catch((error: unknown) => {
          if (hasApiCode(error, API_CODES.StreamWrongLastSequence)) {
            throw new AppendConflictError(
              `Run ${runId} has events after sequence ${last}: reload and decide again`,
              { cause: error },
            );
          }
          throw error;
        });
      if (ack.duplicate && !(await this.storedEquals(ack.seq, subject, data))) {
        throw new AppendConflictError(
          `Run ${runId} already has a different event #${event.seq}: reload and decide again`,
        );
      }
      last = ack.seq;
    }
    return last;
  }

  private async storedEquals(seq: number, subject: string, data: Uint8Array): Promise<boolean> {
    const stored = await (await this.manager()).direct.getMessage(this.layout.streams.runs, { seq });
    return stored !== null && stored.subject === subject && Buffer.from(stored.data).equals(data);
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.nc, { checkAPI: false });
    return this.jsm;
  }
}
