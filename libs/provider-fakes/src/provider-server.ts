/**
 * One real HTTP server on a free 127.0.0.1 port that speaks the request shapes of the providers
 * Baton calls (Twilio, Vonage, AWS SNS, Resend, SendGrid, Anthropic, OpenAI), checks their auth and
 * bodies as the real APIs do, records every request, and can be told to fail the next requests of a
 * provider (a 429 with Retry-After, a 503, …). Point a provider's `baseUrl` at `baseUrl`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emailHandlers } from './email-providers';
import { llmHandlers } from './llm-providers';
import { DEFAULT_CREDENTIALS, type ProviderCredentials } from './provider-credentials';
import type { ProviderName, ProviderHandler, ProviderReply, ProviderRequest } from './provider-request';
import { smsHandlers } from './sms-providers';

export interface FakeProviders {
  readonly baseUrl: string;
  readonly credentials: ProviderCredentials;
  /** Every request, in order. */
  readonly received: ProviderRequest[];
  /** The requests one provider received. */
  requestsOf(provider: ProviderName): ProviderRequest[];
  /** The next `times` requests to `provider` get this reply before any check. */
  failNext(provider: ProviderName, reply: ProviderReply, times?: number): void;
  close(): Promise<void>;
}

const ROUTES: readonly { provider: ProviderName; method: string; path: RegExp }[] = [
  { provider: 'twilio', method: 'POST', path: /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/ },
  { provider: 'vonage', method: 'POST', path: /^\/sms\/json$/ },
  { provider: 'sns', method: 'POST', path: /^\/$/ },
  { provider: 'resend', method: 'POST', path: /^\/emails$/ },
  { provider: 'sendgrid', method: 'POST', path: /^\/v3\/mail\/send$/ },
  { provider: 'anthropic', method: 'POST', path: /^\/v1\/messages$/ },
  { provider: 'openai', method: 'POST', path: /^\/v1\/chat\/completions$/ },
];

const HANDLERS: { readonly [provider in ProviderName]: ProviderHandler } = {
  ...smsHandlers,
  ...emailHandlers,
  ...llmHandlers,
};

export async function startFakeProviders(
  credentials: Partial<ProviderCredentials> = {},
): Promise<FakeProviders> {
  const all: ProviderCredentials = { ...DEFAULT_CREDENTIALS, ...credentials };
  const received: ProviderRequest[] = [];
  const failures = new Map<ProviderName, ProviderReply[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      const path = url.split('?')[0];
      const method = request.method ?? 'GET';
      const route = ROUTES.find((candidate) => candidate.method === method && candidate.path.test(path));
      if (route === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
        return;
      }
      const raw = Buffer.concat(chunks);
      const providerRequest: ProviderRequest = {
        provider: route.provider,
        method,
        url,
        path,
        headers: request.headers,
        raw,
        body: parsedBody(raw, request.headers['content-type']),
      };
      received.push(providerRequest);
      const reply = failures.get(route.provider)?.shift() ?? HANDLERS[route.provider](providerRequest, all);
      const headers = { ...reply.headers };
      let text = '';
      if (typeof reply.body === 'string') text = reply.body;
      else if (reply.body !== undefined) {
        text = JSON.stringify(reply.body);
        headers['content-type'] ??= 'application/json';
      }
      response.writeHead(reply.status, headers).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    credentials: all,
    received,
    requestsOf: (provider) => received.filter((request) => request.provider === provider),
    failNext(provider, reply, times = 1) {
      const queue = failures.get(provider) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(reply);
      failures.set(provider, queue);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parsedBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (contentType?.includes('json') && text !== '') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      if (error instanceof SyntaxError) return text;
      throw error;
    }
  }
  return text;
}
