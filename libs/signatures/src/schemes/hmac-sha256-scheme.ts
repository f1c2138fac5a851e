import { constantTimeEqual } from '../constant-time-equal';
import { headerValues } from '../header-values';
import { hmacSha256 } from '../hmac-sha256';
import { verificationFailure, verificationSuccess } from '../webhook-verification';
import { hexSignatureCandidate } from './hex-signature-candidates';
import type { SignatureScheme } from './signature-scheme';

/** Hex HMAC-SHA256 of the raw body in one header, `sha256=` prefix optional (also /webhooks/generic). */
export const hmacSha256Scheme: SignatureScheme = {
  defaultHeader: 'x-webhook-signature',

  verify({ secret, signatureHeader, rawBody, headers }) {
    const received = headerValues(headers, signatureHeader);
    if (received.length === 0) {
      return verificationFailure('missing-signature', `the ${signatureHeader} header is missing`);
    }
    const expected = hmacSha256(secret, [rawBody]).toString('hex');
    const matches = received.some((value) =>
      constantTimeEqual(expected, hexSignatureCandidate(value, 'optional') ?? ''),
    );
    return matches
      ? verificationSuccess(undefined)
      : verificationFailure('bad-signature', `the ${signatureHeader} header does not match the body`);
  },

  sign({ secret, signatureHeader, rawBody }) {
    return { [signatureHeader]: hmacSha256(secret, [rawBody]).toString('hex') };
  },
};
