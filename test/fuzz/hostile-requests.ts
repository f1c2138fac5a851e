/**
 * Hostile HTTP requests for ingress, as fast-check arbitraries: bodies (deep JSON, huge numbers,
 * invalid UTF-8, duplicate and prototype keys, regex-killer strings, random bytes, oversize),
 * content types, paths and query strings, and headers (invalid bytes, conflicting lengths, broken
 * chunking, over-long, proxy and auth headers). Every request names its kind, for the report.
 */
import fc from 'fast-check';
import type { RawRequest } from './raw-http';

export interface FuzzRequest extends RawRequest {
  readonly kind: string;
}

/** Ensembles the fuzzer's requests aim at (registered by the suite before it starts). */
export const TARGETS = {
  /** `input.schema` with a catastrophic-backtracking pattern and formats. */
  schema: 'fuzz-schema',
  /** A webhook trigger with scheme none. */
  webhookPath: '/fuzz/open',
} as const;

const MAX_BODY_BYTES = 1024 * 1024;

const nested = (depth: number, open: string, inner: string, close: string, closed: boolean) =>
  open.repeat(depth) + inner + (closed ? close.repeat(depth) : '');

const deepJson: fc.Arbitrary<Buffer> = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 250, max: 300 }), fc.integer({ min: 1_000, max: 90_000 })),
    shape: fc.constantFrom(
      ['[', '1', ']'],
      ['{"a":', '1', '}'],
      ['[{"k":', 'null', '}]'],
      ['{"x":[', '"y"', ']}'],
    ),
    closed: fc.boolean(),
  })
  .map(({ depth, shape, closed }) => Buffer.from(nested(depth, shape[0], shape[1], shape[2], closed)));

const hugeNumbers: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    '{"n":1e999999}',
    '{"n":-1e-999999}',
    `{"n":${'9'.repeat(5000)}}`,
    `{"n":0.${'1'.repeat(5000)}}`,
    '{"n":-0}',
    '{"n":1.}',
    '{"n":01}',
    '{"n":NaN}',
    '{"n":Infinity}',
    `[${'1e308,'.repeat(10_000)}1]`,
  )
  .map((text) => Buffer.from(text));

/** Bytes that are not UTF-8 (lone continuation bytes, overlong forms, surrogates, truncated sequences). */
const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom(
      [0xff],
      [0xc3, 0x28],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0x80],
    ),
    fc.string({ maxLength: 20 }),
  )
  .map(([bytes, text]) =>
    Buffer.concat([
      Buffer.from(`{"text":"${text.replace(/["\\]/g, '')}`),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]),
  );

const trickyKeys: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    '{"a":1,"a":2,"a":{"a":3}}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"__proto__":null,"toString":1,"valueOf":"x","hasOwnProperty":[]}',
    `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    `{"${'k'.repeat(200_000)}":1}`,
    '{"":{"":{"":""}}}',
    '{"\\u0000":"\\u0000","\\ud800":"\\udfff"}',
  )
  .map((text) => Buffer.from(text));

/** Strings aimed at the input schema's `^(a+)+$` pattern and its formats. */
const regexKillers: fc.Arbitrary<Buffer> = fc
  .record({
    length: fc.integer({ min: 20, max: 50_000 }),
    tail: fc.constantFrom('!', 'b', '\u0000', ''),
    field: fc.constantFrom('code', 'email', 'when', 'site'),
  })
  .map(({ length, tail, field }) =>
    Buffer.from(JSON.stringify({ code: 'aaa', [field]: `${'a'.repeat(length)}${tail}` })),
  );

const body: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: fc.json().map((text) => Buffer.from(text)), weight: 4 },
  { arbitrary: deepJson, weight: 3 },
  { arbitrary: hugeNumbers, weight: 1 },
  { arbitrary: invalidUtf8, weight: 2 },
  { arbitrary: trickyKeys, weight: 1 },
  { arbitrary: regexKillers, weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => Buffer.from(text)), weight: 1 },
  {
    arbitrary: fc.integer({ min: 1, max: 4096 }).map((extra) => Buffer.alloc(MAX_BODY_BYTES + extra, 0x20)),
    weight: 1,
  },
);

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-16',
      'application/vnd.api+json',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/yaml',
      'application/xml',
      '*/*',
      ';',
      'application/json;;;;',
      `application/json; ${'p=1;'.repeat(2000)}`,
    ),
    weight: 3,
  },
  { arbitrary: fc.constant(undefined), weight: 1 },
  {
    // Printable ASCII only: anything else is not a header value a client can send.
    arbitrary: fc
      .string({ maxLength: 40 })
      .map((text) => [...text].filter((c) => c >= ' ' && c <= '~').join('')),
    weight: 1,
  },
);

const segment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a*b',
    'a.b.>',
    '..',
    '%2e%2e',
    '%00',
    '%ff',
    '%',
    '%zz',
    '~',
    'ü',
    '%E2%80%AE',
    'fuzz-schema',
  ),
  fc.string({ maxLength: 30 }).map((text) => encodeURIComponent(text)),
  fc.integer({ min: 90, max: 5_000 }).map((length) => 'a'.repeat(length)),
  fc.uuid(),
);

const query: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('limit', 'status', 'ensemble', 'cursor', 'wait', 'x', 'limit[]', '__proto__'),
      fc.oneof(
        fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(text)),
        fc.constantFrom('-1', '0', '1e9', 'NaN', '1.5', '%', '%00', '5ms', '0ms', 'abc', 'a'.repeat(3000)),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

/** Headers a client could send; some are invalid HTTP on purpose (Node answers those 400 or 431). */
const extraHeaders: fc.Arbitrary<Array<[string, string]>> = fc.array(
  fc.oneof(
    fc.constantFrom<[string, string]>(
      ['X-Forwarded-For', '203.0.113.7'],
      ['Forwarded', 'for=127.0.0.1'],
      ['Authorization', 'Bearer '],
      ['Authorization', `Bearer ${'k'.repeat(8000)}`],
      ['Authorization', 'Basic Og=='],
      ['Idempotency-Key', 'x'.repeat(5000)],
      ['Idempotency-Key', 'ü\u00ff'],
      ['X-Webhook-Signature', 'sha256=zz'],
      ['Content-Length', '-1'],
      ['Content-Length', '99999999999999999999'],
      ['Content-Length', '1, 2'],
      ['Content-Encoding', 'gzip'],
      ['Expect', '100-continue'],
      ['X-Big', 'v'.repeat(20_000)],
      ['Bad Name', 'x'],
      ['X-Ctl', 'a\u0001b'],
      ['X-Latin', '\u00e9\u00ff'],
    ),
    fc.tuple(
      fc
        .string({ minLength: 1, maxLength: 20 })
        .map((name) => name.replace(/[^A-Za-z0-9-]/g, '') || 'X-Fuzz'),
      fc.string({ maxLength: 100 }).map((value) => value.replace(/[\r\n]/g, '')),
    ),
  ),
  { maxLength: 3 },
);

const target: fc.Arbitrary<{ kind: string; method: string; target: string; takesBody: boolean }> = fc.oneof(
  {
    arbitrary: fc.constant({
      kind: 'start-run',
      method: 'POST',
      target: `/api/ensembles/${TARGETS.schema}/runs`,
      takesBody: true,
    }),
    weight: 6,
  },
  {
    arbitrary: fc.constant({
      kind: 'webhook',
      method: 'POST',
      target: `/webhooks${TARGETS.webhookPath}`,
      takesBody: true,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.constant({
      kind: 'generic-webhook',
      method: 'POST',
      target: '/webhooks/generic',
      takesBody: true,
    }),
    weight: 1,
  },
  {
    arbitrary: segment.map((s) => ({
      kind: 'unknown-webhook',
      method: 'POST',
      target: `/webhooks/${s}`,
      takesBody: true,
    })),
    weight: 1,
  },
  {
    arbitrary: segment.map((s) => ({
      kind: 'start-other',
      method: 'POST',
      target: `/api/ensembles/${s}/runs`,
      takesBody: true,
    })),
    weight: 1,
  },
  {
    arbitrary: segment.map((s) => ({
      kind: 'wait',
      method: 'POST',
      target: `/api/waits/${s}`,
      takesBody: true,
    })),
    weight: 1,
  },
  {
    arbitrary: query.map((q) => ({
      kind: 'list-runs',
      method: 'GET',
      target: `/api/runs${q}`,
      takesBody: false,
    })),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(segment, fc.constantFrom('', '/events', '/cancel', '/rerun')).map(([s, tail]) => ({
      kind: `run${tail || ''}`,
      method: tail === '/cancel' || tail === '/rerun' ? 'POST' : 'GET',
      target: `/api/runs/${s}${tail}`,
      takesBody: tail !== '' && tail !== '/events',
    })),
    weight: 1,
  },
  {
    arbitrary: segment.map((s) => ({
      kind: 'ensemble',
      method: 'GET',
      target: `/api/ensembles/${s}`,
      takesBody: false,
    })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'FUZZ', 'GET'), segment)
      .map(([method, s]) => ({
        kind: 'other-method',
        method,
        target: `/api/${s}`,
        takesBody: method !== 'GET',
      })),
    weight: 1,
  },
  {
    arbitrary: fc
      .constantFrom(
        '/',
        '//',
        '/%',
        '/api/../api/runs',
        '/%61pi/runs',
        'http://evil.example/api/runs',
        '*',
        '/api/runs#x',
        `/${'a/'.repeat(3000)}`,
      )
      .map((t) => ({ kind: 'odd-target', method: 'GET', target: t, takesBody: false })),
    weight: 1,
  },
);

const framing = fc.oneof(
  { arbitrary: fc.constant('length' as const), weight: 18 },
  { arbitrary: fc.constantFrom('chunked' as const, 'bad-chunk' as const), weight: 1 },
);

/**
 * Requests the server refuses from their head alone (it answers, then closes): their body is cut to
 * what one write delivers with the head, since a client still writing a large body when the server
 * closes gets a reset that loses the answer. Over 1 MiB is the exception: that is answered 413 from
 * its Content-Length, and raw-http.ts waits for the answer before sending the body.
 */
const REFUSED_BY_HEAD = /^(content-length|x-big|bad name|x-ctl|expect)$/i;
const ONE_WRITE_BYTES = 16 * 1024;

function cutForEarlyRefusal(
  method: string,
  headers: ReadonlyArray<readonly [string, string]>,
  payload: Buffer,
): Buffer {
  const refused = ['FUZZ', 'TRACE'].includes(method) || headers.some(([name]) => REFUSED_BY_HEAD.test(name));
  return refused && payload.length > ONE_WRITE_BYTES ? payload.subarray(0, ONE_WRITE_BYTES) : payload;
}

export const hostileRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({ target, body, contentType, headers: extraHeaders, framing })
  .map(({ target: aim, body: payload, contentType: type, headers, framing: framed }) => {
    const all: Array<[string, string]> = [...headers];
    if (type !== undefined) all.unshift(['Content-Type', type]);
    return {
      kind: aim.kind,
      method: aim.method,
      target: aim.target,
      headers: all,
      ...(aim.takesBody ? { body: cutForEarlyRefusal(aim.method, all, payload), framing: framed } : {}),
    };
  });
