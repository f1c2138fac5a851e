/**
 * The request headers a webhook log keeps. An allow-list, not a deny-list: a signature, an
 * authorization, a cookie or a vendor's secret header under any name is never stored.
 */
export const LOGGED_WEBHOOK_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'user-agent',
  'x-forwarded-for',
  'x-request-id',
  'traceparent',
  'webhook-id',
  'webhook-timestamp',
  'x-github-event',
  'x-github-delivery',
  'x-github-hook-id',
  'x-conductor-event',
  'x-conductor-delivery-id',
  'x-conductor-delivery-attempt',
  'x-conductor-timestamp',
];

/** Longest header value kept: enough for any of the above, and a bound on what a sender can make us store. */
const MAX_VALUE_LENGTH = 512;

export type IncomingHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The allow-listed headers, names lower-cased, repeated values joined with ", ". */
export function loggableHeaders(headers: IncomingHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !LOGGED_WEBHOOK_HEADERS.includes(lower)) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    kept[lower] = text.slice(0, MAX_VALUE_LENGTH);
  }
  return kept;
}
