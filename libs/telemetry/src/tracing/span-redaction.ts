import type { Attributes, AttributeValue, Link } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace';
import { REDACTED } from '../logging/secret-redaction';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Variables that configure the process and hold no secret: their values are left in spans (a
 * pod's HOSTNAME or INGRESS_PORT is no credential, and masking them would only blur the trace).
 */
const NOT_SECRET =
  /^(PATH|HOME|PWD|OLDPWD|SHELL|SHLVL|USER|LOGNAME|HOSTNAME|HOST|LANG|LANGUAGE|LC_\w+|TERM|TZ|TMPDIR|NODE_\w+|npm_\w+|OTEL_\w+|LOG_LEVEL|\w+_PORT|ENSEMBLES_DIR|WORKER_OPERATIONS|BATON_PUBLIC_URL|BATON_ALLOW_HOSTS|NOTIFY_ALLOW_HOSTS|JETSTREAM_REPLICAS|MAX_BODY_BYTES)$/;
/** Shorter values are too common to mask everywhere (`true`, `info`, `8080`). */
const MIN_SECRET_LENGTH = 8;
/** Attributes holding a URL or its query: query values are masked whatever they are. */
const URL_ATTRIBUTES = new Set(['url.full', 'http.url', 'url.query', 'http.target']);
/** Paths of Baton that carry a credential: the single-use token of an approval link. */
const SECRET_PATH_SEGMENTS = [/(\/approvals\/)[^/?#\s]+/g];

/**
 * Keeps secrets out of exported spans. Instrumentations record what they see (an outbound URL with
 * a key in its query or a webhook URL from `env`, an approval link's token in a request path, an
 * error message), and span attributes reach Jaeger unfiltered, so every string of every span
 * passes through here on its way out: query values masked, Baton's secret path segments masked,
 * and every value of the process's environment that may be a secret masked wherever it appears.
 */
export class SpanRedactor {
  private readonly pattern: RegExp | undefined;

  constructor(secrets: readonly string[]) {
    const unique = [...new Set(secrets)].sort((a, b) => b.length - a.length);
    this.pattern =
      unique.length === 0
        ? undefined
        : new RegExp(unique.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  }

  /** The values of `env` that could be secrets, plus the passwords inside URL-shaped values. */
  static fromEnvironment(env: Environment): SpanRedactor {
    const secrets: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined || NOT_SECRET.test(name)) continue;
      if (value.length >= MIN_SECRET_LENGTH) secrets.push(value);
      const password = passwordOf(value);
      if (password !== undefined && password.length >= 4) secrets.push(password);
    }
    return new SpanRedactor(secrets);
  }

  text(value: string): string {
    let masked = value;
    for (const segment of SECRET_PATH_SEGMENTS) masked = masked.replace(segment, `$1${REDACTED}`);
    return this.pattern === undefined ? masked : masked.replace(this.pattern, REDACTED);
  }

  attributes(attributes: Attributes): Attributes {
    const copy: Attributes = {};
    for (const [key, value] of Object.entries(attributes)) {
      copy[key] = this.attribute(key, value);
    }
    return copy;
  }

  span(span: ReadableSpan): ReadableSpan {
    const status =
      span.status.message === undefined
        ? span.status
        : { ...span.status, message: this.text(span.status.message) };
    const events: TimedEvent[] = span.events.map((event) =>
      event.attributes === undefined ? event : { ...event, attributes: this.attributes(event.attributes) },
    );
    const links: Link[] = span.links.map((link) =>
      link.attributes === undefined ? link : { ...link, attributes: this.attributes(link.attributes) },
    );
    // The exporter reads these fields and calls spanContext(): everything else is the span's own.
    return Object.create(span, {
      name: { value: this.text(span.name), enumerable: true },
      attributes: { value: this.attributes(span.attributes), enumerable: true },
      status: { value: status, enumerable: true },
      events: { value: events, enumerable: true },
      links: { value: links, enumerable: true },
    }) as ReadableSpan;
  }

  private attribute(key: string, value: AttributeValue | undefined): AttributeValue | undefined {
    if (typeof value === 'string')
      return this.text(URL_ATTRIBUTES.has(key) ? withoutQueryValues(value) : value);
    if (Array.isArray(value)) {
      return value.map((item) => (typeof item === 'string' ? this.text(item) : item)) as AttributeValue;
    }
    return value;
  }
}

/** Passes each batch through the redactor before the real exporter sends it. */
export class RedactingSpanExporter implements SpanExporter {
  constructor(
    private readonly exporter: SpanExporter,
    private readonly redactor: SpanRedactor,
  ) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.exporter.export(
      spans.map((span) => this.redactor.span(span)),
      done,
    );
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}

/** `?a=1&b=2` → `?a=[redacted]&b=[redacted]`; user info of a URL removed. Keys stay: they help debugging. */
function withoutQueryValues(value: string): string {
  const withoutUser = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1');
  const start = withoutUser.indexOf('?');
  if (start < 0) return withoutUser;
  const end = withoutUser.indexOf('#', start);
  const query = withoutUser.slice(start + 1, end < 0 ? undefined : end);
  const masked = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
  return `${withoutUser.slice(0, start)}?${masked}${end < 0 ? '' : withoutUser.slice(end)}`;
}

function passwordOf(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const password = decodeURIComponent(new URL(value).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined; // not a URL after all: nothing to extract
  }
}
