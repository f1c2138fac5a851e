import { durationMs, type Duration } from './durations';
import { EnsemblesApi } from './ensembles';
import { executeRun, postRun, type ExecuteOptions, type ExecuteResult, type StartOptions } from './execution';
import { RunsApi } from './runs';
import { Transport, type FetchLike } from './transport';
import { WaitsApi } from './waits';
import { WebhooksApi } from './webhooks';

export interface BatonOptions {
  /** Ingress, e.g. `http://127.0.0.1:8080` (a path prefix behind a proxy is kept). */
  readonly url: string;
  /** `BATON_API_KEY` of the ingress, sent as a bearer token on `/api/*`; none needed on loopback. */
  readonly apiKey?: string;
  /** Default: the platform's `fetch`. */
  readonly fetch?: FetchLike;
  /** Per request (default 30s); `execute` allows for its own wait on top. */
  readonly timeout?: Duration;
  /** Sent with every request (a proxy's own header). */
  readonly headers?: Readonly<Record<string, string>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A bearer token is sent in a header: it must be printable ASCII without spaces. */
const API_KEY = /^[\x21-\x7e]+$/;

/**
 * A client of one Baton ingress. Every method returns a promise of the API's answer; failures throw
 * BatonApiError (the API answered an error), BatonNetworkError (no answer) or the caller's abort reason.
 */
export class Baton {
  readonly runs: RunsApi;
  readonly waits: WaitsApi;
  readonly ensembles: EnsemblesApi;
  readonly webhooks: WebhooksApi;
  private readonly transport: Transport;

  constructor(options: BatonOptions) {
    if (
      typeof options?.url !== 'string' ||
      !/^https?:\/\//i.test(options.url) ||
      !URL.canParse(options.url)
    ) {
      throw new TypeError(`url must be an http(s) URL (got ${JSON.stringify(options?.url)})`);
    }
    if (options.apiKey !== undefined && options.apiKey !== '' && !API_KEY.test(options.apiKey)) {
      throw new TypeError('apiKey must be printable ASCII without spaces');
    }
    const fetchImplementation = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (typeof fetchImplementation !== 'function') {
      throw new TypeError('no fetch in this environment: pass one as the fetch option');
    }
    this.transport = new Transport({
      baseUrl: options.url.replace(/\/+$/, ''),
      apiKey: options.apiKey || undefined,
      // Called as a plain function: some platforms' fetch refuses another `this`.
      fetch: (url, init) => fetchImplementation(url, init),
      timeoutMs: options.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationMs(options.timeout, 'timeout'),
      headers: options.headers ?? {},
    });
    this.runs = new RunsApi(this.transport);
    this.waits = new WaitsApi(this.transport);
    this.ensembles = new EnsemblesApi(this.transport);
    this.webhooks = new WebhooksApi(this.transport);
  }

  /** The ingress this client talks to, without a trailing slash. */
  get url(): string {
    return this.transport.baseUrl;
  }

  /**
   * Starts a run of `ensemble` and resolves with its id once ingress has durably queued it. A 422
   * BatonApiError means the input fails the ensemble's schema (`details` lists where).
   */
  async start(ensemble: string, input: unknown = {}, options: StartOptions = {}): Promise<string> {
    const { body } = await postRun(this.transport, ensemble, input, options);
    if (typeof body.runId !== 'string') throw new TypeError('ingress answered a start without a run id');
    return body.runId;
  }

  /**
   * Starts a run and waits for its end (at most `timeout`, default 5m):
   * `const result = await baton.execute('on-user-signup', { user }); if (result.success) …`.
   * A run that fails is a result (`success: false`, `error`), not an exception.
   */
  execute<Output = unknown>(
    ensemble: string,
    input: unknown = {},
    options: ExecuteOptions = {},
  ): Promise<ExecuteResult<Output>> {
    return executeRun<Output>(this.transport, this.runs, ensemble, input, options);
  }
}
