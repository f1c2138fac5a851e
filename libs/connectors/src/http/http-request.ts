/**
 * Builds the request an `http` agent sends from its evaluated config, its named connection
 * (`baseUrl`, `auth`, `headers`) and its template (`template` + `data`). Later sources win:
 * connection headers < auth < template headers < config headers.
 */
import { parseDuration, type Value } from '@baton/model';
import { objectField, optionalString, requiredString, scalarText, type Fields } from '../config-fields';
import type { BreakerOptions } from '../circuit-breakers';
import { breakerOptionsOf, namedConnection } from '../connections';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, OperationFailure } from '../outcome';
import { fillTemplate } from './request-template';

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body?: string;
  /** The circuit breaker this request goes through: its connection, else its host. */
  readonly breakerKey: string;
  /** The connection's `breaker:` options; none for a request without a connection. */
  readonly breakerOptions: Partial<BreakerOptions>;
  /** The config's own `timeout`, when it has one. */
  readonly timeoutMs?: number;
}

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

export function buildHttpRequest(request: OperationRequest): HttpRequest {
  const { config, task } = request;
  const connectionName = optionalString(config.connection, 'connection');
  const connection = connectionName === undefined ? {} : namedConnection(request, connectionName, ['http']);
  const template = templateRequest(request);

  const method = (optionalString(config.method ?? template.method, 'method') ?? 'GET').toUpperCase();
  const target = optionalString(config.url ?? template.url ?? template.path, 'url');
  if (target === undefined)
    invalidConfig(`agent '${request.agent.name}' (http) needs config.url or a template with a path`);
  const url = resolveUrl(target, optionalString(connection.baseUrl, 'connection baseUrl'));
  appendParams(url.searchParams, {
    ...objectField(template.query, 'template query'),
    ...objectField(config.query, 'query'),
  });

  const headers = new Headers();
  setHeaders(headers, objectField(connection.headers, 'connection headers'));
  setAuthorization(headers, connection.auth);
  setHeaders(headers, objectField(template.headers, 'template headers'));
  setHeaders(headers, objectField(config.headers, 'headers'));
  // Stable across attempts, so the receiver can make the side effect exactly-once.
  if (!headers.has('idempotency-key')) headers.set('Idempotency-Key', task.idempotencyKey);

  const body = encodeBody(config.body !== undefined ? config.body : template.body, headers);
  if (body !== undefined && METHODS_WITHOUT_BODY.has(method))
    invalidConfig(`a ${method} request cannot have a body`);

  const timeoutMs = config.timeout === undefined ? undefined : parseDuration(config.timeout);
  if (config.timeout !== undefined && timeoutMs === undefined)
    invalidConfig(
      `timeout must be a duration like 30s or a number of milliseconds, not ${JSON.stringify(config.timeout)}`,
    );

  return {
    method,
    url,
    headers,
    ...(body === undefined ? {} : { body }),
    breakerKey: connectionName === undefined ? `http:${url.host}` : `http:${connectionName}`,
    breakerOptions: breakerOptionsOf(connection),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}

function templateRequest(request: OperationRequest): Fields {
  const name = optionalString(request.config.template, 'template');
  if (name === undefined) return {};
  const template = request.definition.templates[name];
  if (template === undefined || template.type !== 'http-request') {
    throw new OperationFailure(
      failed(
        'unknown-template',
        `template '${name}' is not an http-request template of ensemble '${request.definition.name}'`,
        { retryable: false },
      ),
    );
  }
  return fillTemplate(request.evaluate(template.request as Value), request.config.data) as Fields;
}

/** A relative URL is appended to the base URL as a path (`https://api/v1` + `/orders` → `https://api/v1/orders`). */
function resolveUrl(target: string, baseUrl: string | undefined): URL {
  let text = target;
  if (!ABSOLUTE_URL.test(target)) {
    if (baseUrl === undefined)
      invalidConfig(`url '${target}' is relative, and there is no connection with a baseUrl`);
    text = `${baseUrl.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`;
  }
  try {
    return new URL(text);
  } catch {
    return invalidConfig(`'${text}' is not a valid URL`);
  }
}

/** Lists repeat their key (`?tag=a&tag=b`); null and undefined values are left out. */
function appendParams(params: URLSearchParams, values: Fields): void {
  for (const [key, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) params.append(key, scalarText(item));
    }
  }
}

function setHeaders(headers: Headers, values: Fields): void {
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) headers.set(name, scalarText(value));
  }
}

function setAuthorization(headers: Headers, auth: unknown): void {
  if (auth === undefined || auth === null) return;
  const fields = objectField(auth, 'connection auth');
  switch (fields.type) {
    case 'bearer':
      headers.set('Authorization', `Bearer ${requiredString(fields.token, 'auth.token')}`);
      return;
    case 'basic': {
      const user = requiredString(fields.username ?? fields.user, 'auth.username');
      const password = optionalString(fields.password, 'auth.password') ?? '';
      headers.set('Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
      return;
    }
    case 'header':
      headers.set(
        requiredString(fields.name ?? fields.header, 'auth.name'),
        requiredString(fields.value, 'auth.value'),
      );
      return;
    default:
      invalidConfig(
        `connection auth type must be bearer, basic or header, not ${JSON.stringify(fields.type)}`,
      );
  }
}

/** Strings go as they are; other values as JSON, or as a form when the content type says so. */
function encodeBody(body: unknown, headers: Headers): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  const contentType = headers.get('content-type');
  if (
    contentType?.includes('application/x-www-form-urlencoded') &&
    typeof body === 'object' &&
    !Array.isArray(body)
  ) {
    const form = new URLSearchParams();
    appendParams(form, body as Fields);
    return form.toString();
  }
  if (contentType === null) headers.set('Content-Type', 'application/json');
  return JSON.stringify(body);
}
