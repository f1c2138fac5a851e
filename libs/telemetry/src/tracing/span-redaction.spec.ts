import { SpanKind, SpanStatusCode, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { RedactingSpanExporter, SpanRedactor } from './span-redaction';

const context: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: 1,
};

/** A finished span as exporters receive it; only the fields the redactor reads matter here. */
function span(fields: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: 'GET',
    kind: SpanKind.CLIENT,
    spanContext: () => context,
    attributes: {},
    events: [],
    links: [],
    status: { code: SpanStatusCode.UNSET },
    ...fields,
  } as ReadableSpan;
}

describe('SpanRedactor', () => {
  const redactor = SpanRedactor.fromEnvironment({
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX',
    PAYOUTS_API_KEY: 'sk_live_51Hxyz',
    DATABASE_URL: 'postgres://baton:db-pass-7@db:5432/baton',
    INGRESS_PORT: '8080',
    HOSTNAME: 'baton-worker-7f9c8d-abcde',
    SHORT: 'abc',
  });

  it('masks every value of the environment that may be a secret, wherever it appears', () => {
    const masked = redactor.span(
      span({
        attributes: {
          'url.full': 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX',
          'error.message': 'refused key sk_live_51Hxyz',
          'db.user.password.echo': 'db-pass-7',
        },
      }),
    );
    expect(masked.attributes).toEqual({
      'url.full': '[redacted]',
      'error.message': 'refused key [redacted]',
      'db.user.password.echo': '[redacted]',
    });
  });

  it('keeps the values of variables that configure the process, and short values', () => {
    const kept = redactor.span(
      span({ attributes: { 'host.name': 'baton-worker-7f9c8d-abcde', port: '8080', x: 'abc' } }),
    );
    expect(kept.attributes).toEqual({ 'host.name': 'baton-worker-7f9c8d-abcde', port: '8080', x: 'abc' });
  });

  it('masks the values of a URL query and its user info, keeping the keys', () => {
    const masked = redactor.span(
      span({
        attributes: {
          'url.full': 'https://user:pw@api.example.com/v1/items?sku=A-1&key=whatever#top',
          'url.query': '?key=whatever&flag',
          'url.path': '/v1/items',
        },
      }),
    );
    expect(masked.attributes).toEqual({
      'url.full': 'https://api.example.com/v1/items?sku=[redacted]&key=[redacted]#top',
      'url.query': '?key=[redacted]&flag',
      'url.path': '/v1/items',
    });
  });

  it("masks the token of an approval link in the span's name and attributes", () => {
    const masked = redactor.span(
      span({ name: 'GET /approvals/tok.abc123', attributes: { 'url.path': '/approvals/tok.abc123?x=1' } }),
    );
    expect(masked.name).toBe('GET /approvals/[redacted]');
    expect(masked.attributes['url.path']).toBe('/approvals/[redacted]?x=1');
  });

  it("masks the status message, the events' and links' attributes, and strings inside arrays", () => {
    const masked = redactor.span(
      span({
        status: { code: SpanStatusCode.ERROR, message: 'bad key sk_live_51Hxyz' },
        events: [{ name: 'exception', time: [0, 0], attributes: { 'exception.message': 'sk_live_51Hxyz' } }],
        links: [{ context, attributes: { cause: 'sk_live_51Hxyz' } }],
        attributes: { list: ['sk_live_51Hxyz', 2] },
      }),
    );
    expect(masked.status.message).toBe('bad key [redacted]');
    expect(masked.events[0].attributes).toEqual({ 'exception.message': '[redacted]' });
    expect(masked.links[0].attributes).toEqual({ cause: '[redacted]' });
    expect(masked.attributes.list).toEqual(['[redacted]', 2]);
  });

  it('leaves the span itself untouched and keeps its context', () => {
    const original = span({ attributes: { secret: 'sk_live_51Hxyz' } });
    const masked = redactor.span(original);
    expect(original.attributes).toEqual({ secret: 'sk_live_51Hxyz' });
    expect(masked.spanContext()).toBe(context);
    expect(masked.kind).toBe(SpanKind.CLIENT);
  });
});

describe('RedactingSpanExporter', () => {
  it('hands the redacted spans to the real exporter', async () => {
    const inner = new InMemorySpanExporter();
    const exporter = new RedactingSpanExporter(inner, new SpanRedactor(['hunter2hunter2']));
    const result = await new Promise((resolve) =>
      exporter.export([span({ attributes: { password: 'hunter2hunter2' } })], resolve),
    );
    expect(result).toMatchObject({ code: 0 });
    expect(inner.getFinishedSpans().map((s) => s.attributes)).toEqual([{ password: '[redacted]' }]);
    await exporter.shutdown();
  });
});
