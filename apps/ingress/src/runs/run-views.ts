import { Inject, Injectable } from '@nestjs/common';
import {
  decodeRunEvents,
  foldEvents,
  runSummary,
  TERMINAL_EVENT_TYPES,
  type RunEvent,
  type RunSummary,
} from '@baton/engine';
import { JetStreamEventLog, NATS_CONNECTION, natsLayout } from '@baton/messaging';
import type { NatsConnection } from '@nats-io/nats-core';
import { payloadCodec } from '@baton/payload-codec';
import { ApiError } from '../http/api-error';
import { ReadModels } from '../infrastructure/read-models';

const TERMINAL = new Set<string>(TERMINAL_EVENT_TYPES);
const ENDED = new Set<string>(['completed', 'failed', 'timed_out', 'cancelled']);

export function hasEnded(run: { status: string }): boolean {
  return ENDED.has(run.status);
}

/**
 * A run as the API shows it. The event log is the truth and the read model may lag behind it, so
 * the read model answers for runs that have ended (they no longer change) and the log for the rest.
 */
@Injectable()
export class RunViews {
  constructor(
    private readonly log: JetStreamEventLog,
    private readonly readModels: ReadModels,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  async events(runId: string): Promise<readonly RunEvent[]> {
    const { events } = await this.log.read(runId);
    if (events.length === 0) throw ApiError.notFound(`no run ${runId}`);
    return events;
  }

  async fromLog(runId: string): Promise<RunSummary> {
    return runSummary(foldEvents(await this.events(runId)));
  }

  async get(runId: string): Promise<RunSummary> {
    if (this.readModels.ready) {
      // PostgreSQL being down must not hide a run: the log answers then.
      const view = await this.readModels
        .runs()
        .get(runId)
        .catch(() => undefined);
      // Rows hold payloads as the log does (encrypted with BATON_PAYLOAD_KEY): decrypted for the caller.
      if (view && hasEnded(view)) return payloadCodec().open(view) as RunSummary;
    }
    return this.fromLog(runId);
  }

  /**
   * Resolves with the run once it has ended, or undefined after `timeoutMs`. Call `watch` before
   * starting the run so its end cannot be missed.
   */
  watch(runId: string, timeoutMs: number): { ended: Promise<RunSummary | undefined>; cancel(): void } {
    // JetStream also delivers stored messages to plain subscribers of the subject.
    const subscription = this.nc.subscribe(natsLayout().runSubject(runId));
    let timer: NodeJS.Timeout | undefined;
    const ended = new Promise<RunSummary | undefined>((resolve, reject) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
      void (async () => {
        for await (const message of subscription) {
          if (decodeRunEvents(message.data).some((event) => TERMINAL.has(event.type))) {
            resolve(await this.fromLog(runId));
            return;
          }
        }
      })().catch(reject);
    }).finally(() => {
      clearTimeout(timer);
      subscription.unsubscribe();
    });
    return { ended, cancel: () => subscription.unsubscribe() };
  }
}
