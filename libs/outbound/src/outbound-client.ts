/**
 * The one way Baton sends a request out of the machine: `fetch` (undici's, the engine of Node's own)
 * over an Agent whose connector refuses loopback, private, link-local, metadata and other special
 * addresses unless allowed. Redirects are followed here, not by undici, so every hop goes through
 * the same check, at most `maxRedirects` (5) of them, with the fetch standard's rules: 303 (and 301/302
 * after a POST) continue as GET without a body, and credentials are dropped when the origin changes.
 */
import { Agent, fetch, Headers, type Response } from 'undici';
import { isIpAddress } from './address-class';
import { EMPTY_ALLOW_LIST, type AllowList } from './allow-list';
import { guardedConnector, refusalFor, systemResolver, type Resolver } from './guarded-connector';
import { OutboundRefusedError } from './outbound-errors';

export type { Response } from 'undici';

export interface OutboundOptions {
  /** What may be reached although refused by class (BATON_ALLOW_HOSTS); default: nothing. */
  readonly allow?: AllowList;
  /** Resolves host names (default: the system resolver); tests use it to fake DNS answers. */
  readonly resolve?: Resolver;
  /** Redirects followed per request; one more is a refusal (`too-many-redirects`). Default 5. */
  readonly maxRedirects?: number;
  /** Time to open a connection (undici's default: 10 s). */
  readonly connectTimeoutMs?: number;
}

export interface OutboundRequestInit {
  readonly method?: string;
  /** A `Headers` (Node's global or undici's), a record, or name/value pairs. */
  readonly headers?: Iterable<readonly [string, string]> | Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
}

export const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

export class Outbound {
  private readonly agent: Agent;
  private readonly allow: AllowList;
  private readonly maxRedirects: number;

  constructor(options: OutboundOptions = {}) {
    this.allow = options.allow ?? EMPTY_ALLOW_LIST;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const connectOptions =
      options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs };
    this.agent = new Agent({
      connect: guardedConnector(this.allow, options.resolve ?? systemResolver, connectOptions),
    });
  }

  /** The entries of BATON_ALLOW_HOSTS this client honours. */
  get allowed(): readonly string[] {
    return this.allow.entries;
  }

  /**
   * Sends the request and resolves with the final response (never a 3xx with a Location, unless
   * redirects ran out). Rejects with `OutboundRefusedError` when the guard refuses a hop (also as the
   * `cause` of undici's `TypeError: fetch failed` when the refusal happens at connect time: use
   * `outboundRefusal(error)` to find it), and with undici's errors for network failures.
   */
  async fetch(target: string | URL, init: OutboundRequestInit = {}): Promise<Response> {
    let url = httpUrl(String(target));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
    for (let redirects = 0; ; redirects += 1) {
      this.checkLiteralHost(url);
      const response = await fetch(url, {
        method,
        headers,
        body,
        redirect: 'manual',
        dispatcher: this.agent,
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (redirects >= this.maxRedirects) {
        throw new OutboundRefusedError(
          'too-many-redirects',
          `outbound request refused: more than ${this.maxRedirects} redirects (the last to ${location})`,
        );
      }
      const next = httpUrl(location, url);
      if (response.status === 303 ? method !== 'HEAD' : response.status <= 302 && method === 'POST') {
        method = 'GET';
        body = undefined;
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      url = next;
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** An IP literal is refused before undici queues it (the connector would refuse it too). */
  private checkLiteralHost(url: URL): void {
    if (!isIpAddress(url.hostname)) return;
    const refusal = refusalFor(this.allow, url.hostname, url.hostname);
    if (refusal) throw refusal;
  }
}

function httpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new OutboundRefusedError('unsupported-url', `'${text}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefusedError(
      'unsupported-url',
      `outbound request refused: ${url.protocol} URLs are not allowed, only http: and https:`,
    );
  }
  return url;
}
