import type {
  CancelAccepted,
  DeliveryAttempt,
  RedeliveryQueued,
  RerunStarted,
  Run,
  RunEvent,
  RunFilter,
  RunPage,
} from './api-types';
import { RunList } from './run-list';
import type { Transport } from './transport';

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export class RunsApi {
  constructor(private readonly transport: Transport) {}

  /** The run as it is now; 404 BatonApiError when there is no such run. */
  async get<Output = unknown, Input = unknown>(
    id: string,
    options: CallOptions = {},
  ): Promise<Run<Output, Input>> {
    const answer = await this.transport.request<Run<Output, Input>>({
      method: 'GET',
      path: runPath(id),
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }

  /**
   * Runs, newest first: `await runs.list({ ensemble })` gives one page (`{ runs, nextCursor }`);
   * `for await (const run of runs.list({ status: 'failed' }))` walks every page.
   */
  list(filter: RunFilter = {}, options: CallOptions = {}): RunList {
    return new RunList(filter, async (page) => {
      const answer = await this.transport.request<RunPage>({
        method: 'GET',
        path: '/api/runs',
        query: { ensemble: page.ensemble, status: page.status, limit: page.limit, cursor: page.cursor },
        apiKey: true,
        signal: options.signal,
      });
      return answer.body;
    });
  }

  /** The run's event log, in order: the facts its timeline is made of. */
  async events(id: string, options: CallOptions = {}): Promise<RunEvent[]> {
    const answer = await this.transport.request<{ events: RunEvent[] }>({
      method: 'GET',
      path: `${runPath(id)}/events`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body.events;
  }

  /** The run's notification delivery attempts (webhooks, emails), oldest first. */
  async deliveries(id: string, options: CallOptions = {}): Promise<DeliveryAttempt[]> {
    const answer = await this.transport.request<{ deliveries: DeliveryAttempt[] }>({
      method: 'GET',
      path: `${runPath(id)}/deliveries`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body.deliveries;
  }

  /** Sends a failed delivery again with the same delivery id; 409 when it was delivered or is still retried. */
  async redeliver(deliveryId: string, options: CallOptions = {}): Promise<RedeliveryQueued> {
    const answer = await this.transport.request<RedeliveryQueued>({
      method: 'POST',
      path: `/api/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }

  /** Asks the run to stop; 409 BatonApiError when it has already ended. */
  async cancel(id: string, options: CallOptions = {}): Promise<CancelAccepted> {
    const answer = await this.transport.request<CancelAccepted>({
      method: 'POST',
      path: `${runPath(id)}/cancel`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }

  /** Starts a new run of the same ensemble (its latest revision) with the same input. */
  async rerun(id: string, options: CallOptions = {}): Promise<RerunStarted> {
    const answer = await this.transport.request<RerunStarted>({
      method: 'POST',
      path: `${runPath(id)}/rerun`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }
}

function runPath(id: string): string {
  return `/api/runs/${encodeURIComponent(id)}`;
}
