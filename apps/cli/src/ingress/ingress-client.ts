import type { CommandIo } from '../command';
import { readableJson } from '../formatting/json-text';
import { ingressPortSetting } from '../settings/cli-settings';

/**
 * The one HTTP client of the verbs that talk to ingress (`run`, `runs`, `approve`, `reject`,
 * `webhook send`): where ingress is, the API key, and what a failure reads like. Every outcome is a
 * value; the verbs decide what to print and which exit status it means.
 */

/** The `--url` option every such verb takes. */
export const INGRESS_URL_OPTION = { url: { type: 'string' } } as const;

export interface Ingress {
  /** Without a trailing slash: `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** `BATON_API_KEY`, sent as a bearer token on `/api/*`. */
  readonly apiKey?: string;
}

export type IngressLookup =
  { readonly ok: true; readonly ingress: Ingress } | { readonly ok: false; readonly message: string };

/** `--url`, else `BATON_URL`, else ingress on this machine at `INGRESS_PORT` (default of @baton/config). */
export async function findIngress(
  urlOption: string | undefined,
  env: CommandIo['env'],
): Promise<IngressLookup> {
  const apiKey = env.BATON_API_KEY || undefined;
  const given = urlOption ?? (env.BATON_URL || undefined);
  if (given !== undefined) {
    if (!/^https?:\/\//i.test(given) || !URL.canParse(given)) {
      return {
        ok: false,
        message: `${urlOption === undefined ? 'BATON_URL' : '--url'} must be an http(s) URL (got '${given}')`,
      };
    }
    return { ok: true, ingress: { baseUrl: given.replace(/\/+$/, ''), apiKey } };
  }
  const port = await ingressPortSetting(env);
  if (!port.ok) return port;
  return { ok: true, ingress: { baseUrl: `http://127.0.0.1:${port.value}`, apiKey } };
}

export interface IngressRequest {
  readonly method: 'GET' | 'POST';
  /** From the root, with its query: `/api/runs?limit=5`. */
  readonly path: string;
  /** Sent as it is: the exact bytes a signature was computed over. */
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** `/api/*` routes carry the API key; webhooks carry their own signature instead. */
  readonly withApiKey?: boolean;
  /** Default 30 s; `run --wait` allows for its wait on top. */
  readonly timeoutMs?: number;
}

export type IngressResponse =
  | { readonly kind: 'answered'; readonly status: number; readonly text: string; readonly body: unknown }
  | { readonly kind: 'unreachable'; readonly message: string };

const DEFAULT_TIMEOUT_MS = 30_000;

export async function callIngress(ingress: Ingress, request: IngressRequest): Promise<IngressResponse> {
  const url = `${ingress.baseUrl}${request.path}`;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined && !hasHeader(headers, 'content-type'))
    headers['content-type'] = 'application/json';
  if (request.withApiKey && ingress.apiKey) headers.authorization = `Bearer ${ingress.apiKey}`;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : new Uint8Array(Buffer.from(request.body)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { kind: 'answered', status: response.status, text, body: parsedJson(text) };
  } catch (error) {
    if (isTimeout(error)) {
      return {
        kind: 'unreachable',
        message: `Baton's ingress at ${ingress.baseUrl} did not answer within ${timeoutMs / 1000}s`,
      };
    }
    if (isNetworkFailure(error))
      return { kind: 'unreachable', message: unreachableMessage(ingress.baseUrl, error) };
    throw error;
  }
}

/**
 * What went wrong, for stderr: the unreachable message, or the status and the API's error
 * (`404 not_found: no ensemble named 'x'`) with its details and a hint for 401.
 */
export function describeFailure(response: IngressResponse): string {
  if (response.kind === 'unreachable') return response.message;
  const error = errorBodyOf(response.body);
  const what = error ? `${error.code}: ${error.message}` : response.text.trim() || '(empty body)';
  const details = error?.details === undefined ? '' : `\n${indent(readableJson(error.details))}`;
  const hint =
    response.status === 401 && !error?.message.includes('signature')
      ? '\n  (set BATON_API_KEY to the key ingress was started with)'
      : '';
  return `${response.status} ${what}${details}${hint}`;
}

export function isSuccess(response: IngressResponse): response is IngressResponse & { kind: 'answered' } {
  return response.kind === 'answered' && response.status >= 200 && response.status < 300;
}

function unreachableMessage(baseUrl: string, error: { cause?: unknown }): string {
  const code = causeCode(error);
  const detail = code === undefined || code === 'ECONNREFUSED' ? '' : ` (${code})`;
  return `Baton's ingress is not reachable at ${baseUrl}: is \`baton start\` running?${detail}`;
}

function errorBodyOf(body: unknown): { code: string; message: string; details?: unknown } | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string'
    ? { code: error.code, message: error.message, details: error.details }
    : undefined;
}

function parsedJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return text; // not JSON (a proxy's HTML page): keep the text
    throw error;
  }
}

// undici reports every connection failure as TypeError('fetch failed') with the socket error as
// cause. Errors are recognised by shape: they come from Node's realm, not always the caller's (Jest).
function isNetworkFailure(error: unknown): error is { cause?: unknown } {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === 'TypeError' && message === 'fetch failed';
}

function isTimeout(error: unknown): boolean {
  const { name } = (error ?? {}) as { name?: unknown };
  return name === 'TimeoutError' || name === 'AbortError';
}

function causeCode(error: { cause?: unknown }): string | undefined {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}
