/** Calls to Baton's HTTP API from the page, with the key when one was given, errors as values. */

/** An answer that is not 2xx, with the API's `{ error: { code, message, details } }` when it sent one. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** The sentence to show: what the server said, or what went wrong on the way. */
  describe(): string {
    return this.status === 0 ? this.message : `${this.message} (${this.status} ${this.code})`;
  }
}

export interface ApiClientOptions {
  readonly apiKey: () => string | undefined;
  /** Called on every 401, so the page can ask for a key (the failure is still thrown). */
  readonly onUnauthorized: (failure: ApiFailure) => void;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, undefined, signal);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = this.options.apiKey();
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiFailure(0, 'network', `Baton did not answer: ${(error as Error).message}`);
    }
    const payload = await readJson(response);
    if (response.ok) return payload as T;
    const failure = failureOf(response.status, payload);
    if (response.status === 401) this.options.onUnauthorized(failure);
    throw failure;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON (a proxy's error page): shown as the failure's text below
  }
}

function failureOf(status: number, payload: unknown): ApiFailure {
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  if (error && typeof error.message === 'string') {
    return new ApiFailure(status, String(error.code ?? `http_${status}`), error.message, error.details);
  }
  const text = typeof payload === 'string' && payload.length < 200 ? payload : `HTTP ${status}`;
  return new ApiFailure(status, `http_${status}`, text);
}
