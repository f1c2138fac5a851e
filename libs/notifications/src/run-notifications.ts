/**
 * From the event log to delivery jobs: for each run event of a decision that is a notification
 * event some notification of the run's revision subscribes to, one first attempt per notification,
 * queued on BATON_DELIVERIES. A decision delivered again queues the same jobs (same ids), which the
 * stream's duplicate window and the attempt log absorb.
 */
import { BoundedCache } from '@baton/connectors';
import { decodeRunEvents, evolve, initialRunState, type RunEvent } from '@baton/engine';
import type { EnsembleDefinition, NotificationEvent } from '@baton/model';
import { deliveryIdOf } from './delivery-id';
import type { DeliveryJob } from './delivery-job';
import { candidateNotificationEvents, notificationEventOf } from './notification-event';
import type { NotifierDeps } from './ports';

interface RevisionRef {
  readonly ensemble: string;
  readonly revision: number;
}

/** Runs and revisions remembered, so decisions of runs without notifications cost no read. */
const CACHE_SIZE = 10_000;

/**
 * Run events older than this are not notified: the backlog of an installation that ran without a
 * notifier (its durable consumer kept every decision) must not send weeks-old news. A notifier that
 * was down for less than a day catches up on everything.
 */
export const MAX_NOTIFIED_EVENT_AGE_MS = 24 * 3600_000;

export class RunNotifications {
  private readonly revisions = new BoundedCache<string, RevisionRef>(CACHE_SIZE);
  private readonly definitions = new BoundedCache<string, EnsembleDefinition>(256);

  constructor(
    private readonly deps: Pick<NotifierDeps, 'runs' | 'definitions' | 'queue' | 'now' | 'logger'>,
  ) {}

  /** Handles one message of BATON_RUNS (one decision); resolves with the jobs it queued. */
  async onDecision(message: unknown): Promise<DeliveryJob[]> {
    const events = decodeRunEvents(message);
    const candidates = new Set(events.flatMap((event) => candidateNotificationEvents(event.type)));
    if (candidates.size === 0) return [];
    const runId = events[0].runId;
    const age = this.deps.now() - Date.parse(events[0].at);
    if (age > MAX_NOTIFIED_EVENT_AGE_MS) {
      this.deps.logger.warn(
        { runId, seq: events[0].seq, at: events[0].at },
        'not notifying a decision more than a day old (a backlog from before the notifier ran)',
      );
      return [];
    }
    const ref = await this.revisionOf(runId, events);
    if (ref === undefined) return [];
    const definition = await this.definition(ref);
    const subscribed = (definition?.notifications ?? []).some((notification) =>
      notification.events.some((name) => candidates.has(name)),
    );
    if (definition === undefined || !subscribed) return [];

    const jobs = await this.jobsFor(runId, definition, events);
    await Promise.all(jobs.map((job) => this.deps.queue.enqueue(job)));
    return jobs;
  }

  private async jobsFor(
    runId: string,
    definition: EnsembleDefinition,
    decided: readonly RunEvent[],
  ): Promise<DeliveryJob[]> {
    const wanted = new Set(decided.map((event) => event.seq));
    const last = Math.max(...wanted);
    const { events } = await this.deps.runs.read(runId);
    const jobs: DeliveryJob[] = [];
    let state = initialRunState();
    for (const event of events) {
      if (event.seq > last) break;
      const before = state;
      state = evolve(state, event);
      if (!wanted.has(event.seq)) continue;
      const name = notificationEventOf(before, state, event);
      if (name !== undefined) jobs.push(...this.jobsOf(definition, runId, event, name));
    }
    return jobs;
  }

  private jobsOf(
    definition: EnsembleDefinition,
    runId: string,
    event: RunEvent,
    name: NotificationEvent,
  ): DeliveryJob[] {
    return definition.notifications.flatMap((notification, index) =>
      notification.events.includes(name)
        ? [
            {
              deliveryId: deliveryIdOf(runId, event.seq, index),
              runId,
              notification: index,
              event: name,
              eventSeq: event.seq,
              attempt: 1,
              ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
            },
          ]
        : [],
    );
  }

  private async revisionOf(runId: string, events: readonly RunEvent[]): Promise<RevisionRef | undefined> {
    const requested = events.find((event) => event.type === 'RunRequested');
    const known =
      requested?.type === 'RunRequested'
        ? { ensemble: requested.data.ensemble, revision: requested.data.revision }
        : this.revisions.get(runId);
    if (known !== undefined) {
      this.revisions.set(runId, known);
      return known;
    }
    const { events: log } = await this.deps.runs.read(runId);
    const first = log.find((event) => event.type === 'RunRequested');
    if (first?.type !== 'RunRequested') return undefined;
    const ref = { ensemble: first.data.ensemble, revision: first.data.revision };
    this.revisions.set(runId, ref);
    return ref;
  }

  private async definition(ref: RevisionRef): Promise<EnsembleDefinition | undefined> {
    const key = `${ref.ensemble}@${ref.revision}`;
    const cached = this.definitions.get(key);
    if (cached !== undefined) return cached;
    const definition = await this.deps.definitions.get(ref.ensemble, ref.revision);
    if (definition !== undefined) this.definitions.set(key, definition);
    return definition;
  }
}
