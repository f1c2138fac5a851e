import { BatonApiError, BatonNetworkError } from './errors';
import { retryAfterMs } from './retry';

/** What the client needs of `fetch`: the platform's own fits (Node ≥ 20, browsers, Deno, Bun). */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | Uint8Array<ArrayBuffer>;
    signal?: AbortSignal;
  },
) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface TransportOptions {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** From the root, without the query: `/api/runs`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** A value to send as JSON, or exact bytes/text with their content type (YAML, a signed webhook). */
  readonly body?: { readonly json: unknown } | { readonly raw: string | Uint8Array; readonly type: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** `/api/*` carries the API key; webhooks carry their own signature instead. */
  readonly apiKey: boolean;
  /** This request's timeout instead of the client's (`execute` waits longer). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface HttpAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/**
 * One HTTP exchange with ingress: builds the request, maps every failure to a typed error (an answer
 * outside 2xx → BatonApiError, no answer → BatonNetworkError; the caller's own abort is rethrown as
 * it is), and parses the JSON answer.
 */
export class Transport {
  constructor(readonly options: TransportOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async request<T>(request: HttpRequest): Promise<HttpAnswer<T>> {
    const { baseUrl, apiKey, fetch, headers: defaults } = this.options;
    const headers: Record<string, string> = { accept: 'application/json', ...defaults, ...request.headers };
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (request.body !== undefined) {
      if ('json' in request.body) {
        body = JSON.stringify(request.body.json);
        headers['content-type'] = 'application/json';
      } else {
        // A copy on an ArrayBuffer of its own: exactly the bytes given, whatever they are a view of.
        body = typeof request.body.raw === 'string' ? request.body.raw : new Uint8Array(request.body.raw);
        headers['content-type'] = request.body.type;
      }
    }
    if (request.apiKey && apiKey) headers.authorization = `Bearer ${apiKey}`;

    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let response: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${request.path}${queryText(request.query)}`, {
        method: request.method,
        headers,
        body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) {
        throw new BatonNetworkError(
          'timeout',
          baseUrl,
          `Baton's ingress at ${baseUrl} did not answer within ${timeoutMs / 1000}s`,
          { cause: error },
        );
      }
      if (isNetworkFailure(error)) {
        const code = causeCode(error);
        const detail = code === undefined ? '' : ` (${code})`;
        throw new BatonNetworkError(
          'unreachable',
          baseUrl,
          `Baton's ingress is not reachable at ${baseUrl}${detail}`,
          { cause: error },
        );
      }
      throw error;
    }
    const parsed = parsedBody(text);
    if (response.status >= 200 && response.status < 300)
      return { status: response.status, body: parsed as T };
    throw apiError(response.status, parsed, text, response.headers.get('retry-after'));
  }
}

function apiError(status: number, body: unknown, text: string, retryAfter: string | null): BatonApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const wait = status === 503 || status === 429 ? retryAfterMs(retryAfter, Date.now()) : undefined;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return new BatonApiError(status, error.code, error.message, error.details, wait, body);
  }
  const message = text.trim() === '' ? `HTTP ${status} with an empty body` : text.trim().slice(0, 500);
  return new BatonApiError(status, `http_${status}`, message, undefined, wait, body);
}

function queryText(query: HttpRequest['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function parsedBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return text; // not JSON (a proxy's HTML page): keep the text
    throw error;
  }
}

// fetch rejects with a TypeError when no answer comes (connection refused, reset, DNS): the
// standard's "network error". Recognised by name: the error may come from another realm.
function isNetworkFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TypeError';
}

/** Node's fetch puts the socket error (`ECONNREFUSED`, `ENOTFOUND`) in `cause`. */
function causeCode(error: unknown): string | undefined {
  const code = ((error as { cause?: { code?: unknown } }).cause ?? {}).code;
  return typeof code === 'string' && code !== 'ECONNREFUSED' ? code : undefined;
}
