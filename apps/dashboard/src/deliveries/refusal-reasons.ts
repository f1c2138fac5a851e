/** What the error code of a refused webhook means, in words (the codes ingress logs). */
const REASONS: Readonly<Record<string, string>> = {
  'bad-signature': 'the signature does not match the body',
  'missing-signature': 'the request carried no signature',
  'stale-timestamp': 'the signed timestamp is outside the tolerance',
  'bad-secret': 'the trigger’s secret is not usable',
  unauthorized: 'not authorised (the trigger’s secret is not configured here)',
  not_found: 'no ensemble listens on this path',
  bad_request: 'the body could not be read',
  invalid_input: 'the input failed the ensemble’s schema',
  payload_too_large: 'the body is larger than MAX_BODY_BYTES',
  unsupported_media_type: 'the content type is not accepted',
  unavailable: 'NATS was unreachable or too many runs were waiting; the sender should retry',
  internal: 'an internal error (see the ingress log)',
};

export function refusalReason(code: string | null, statusCode: number): string {
  if (code === null) return `HTTP ${statusCode}`;
  return REASONS[code] ?? code;
}
