/** What the fake providers' handlers see and answer, and the auth helpers they share. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderCredentials } from './provider-credentials';

export type ProviderName = 'twilio' | 'vonage' | 'sns' | 'resend' | 'sendgrid' | 'anthropic' | 'openai';

export interface ProviderRequest {
  readonly provider: ProviderName;
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  /** The form fields or the JSON body, whichever the content type says. */
  readonly body: unknown;
}

export interface ProviderReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export type ProviderHandler = (request: ProviderRequest, credentials: ProviderCredentials) => ProviderReply;

/** The `user:password` of a Basic Authorization header, if it is one. */
export function basicAuth(headers: IncomingHttpHeaders): { user: string; password: string } | undefined {
  const match = /^Basic (.+)$/.exec(headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
