import {
  type AdmissionRefusal,
  type BacklogReading,
  type StartAdmission,
  backlogRefusal,
} from '@baton/intake';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { LoopLogger } from './consumer-loop';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';

export interface StartBacklogOptions extends LayoutOptions {
  /** Runs waiting to start past which new starts are refused (`BATON_MAX_START_BACKLOG`). */
  readonly limit: number;
  /** How often the start consumers are asked. Default 1 s. */
  readonly refreshMs?: number;
  readonly logger?: LoopLogger;
}

const DEFAULT_REFRESH_MS = 1000;

/**
 * How many runs wait to start: the sum, over the partitions' start consumers, of StartRuns not
 * delivered yet and delivered but not acknowledged. Read from consumer info every second, never per
 * request, so refusing costs a request nothing. Until the first reading, nothing is refused.
 */
export class StartBacklogGauge implements StartAdmission {
  private readonly layout: NatsLayout;
  private readonly refreshMs: number;
  private jsm: Promise<JetStreamManager> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: { readonly at: number; readonly taken: number } | undefined;
  private current: BacklogReading | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: StartBacklogOptions,
  ) {
    this.layout = natsLayout(options);
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  }

  /** Takes a first reading, then one every `refreshMs`. */
  async start(): Promise<void> {
    await this.refresh().catch((error: unknown) => this.warn(error));
    this.timer = setInterval(
      () => void this.refresh().catch((error: unknown) => this.warn(error)),
      this.refreshMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get reading(): BacklogReading | undefined {
    return this.current;
  }

  refusal(): AdmissionRefusal | undefined {
    return this.current && backlogRefusal(this.current, this.options.limit);
  }

  /** Asks every start consumer once; a failed reading keeps the previous one. */
  async refresh(): Promise<BacklogReading> {
    this.jsm ??= jetstreamManager(this.nc, { checkAPI: false });
    const jsm = await this.jsm;
    const starts = this.layout.inboxConsumers().filter((consumer) => consumer.lane === 'starts');
    const infos = await Promise.all(
      starts.map(({ name }) => jsm.consumers.info(this.layout.streams.inbox, name)),
    );
    const backlog = infos.reduce((sum, info) => sum + info.num_pending + info.num_ack_pending, 0);
    const taken = infos.reduce((sum, info) => sum + info.delivered.consumer_seq, 0);
    const at = Date.now();
    const seconds = this.last === undefined ? 0 : (at - this.last.at) / 1000;
    const takenPerSecond = seconds > 0 ? Math.max(0, taken - (this.last?.taken ?? 0)) / seconds : 0;
    this.last = { at, taken };
    this.current = { backlog, takenPerSecond };
    return this.current;
  }

  private warn(error: unknown): void {
    this.options.logger?.warn(
      `Could not read the start backlog (keeping the last reading): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
