import { constantTimeEqual } from '../constant-time-equal';
import { firstHeaderValue, headerValues } from '../header-values';
import { hmacSha256 } from '../hmac-sha256';
import { verificationFailure, verificationSuccess } from '../webhook-verification';
import { hexSignatureCandidate } from './hex-signature-candidates';
import type { SignatureScheme } from './signature-scheme';

const DELIVERY_HEADER = 'x-github-delivery';

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC of the body>`; the delivery id is `X-GitHub-Delivery`. */
export const githubScheme: SignatureScheme = {
  defaultHeader: 'x-hub-signature-256',

  verify({ secret, signatureHeader, rawBody, headers }) {
    const received = headerValues(headers, signatureHeader);
    if (received.length === 0) {
      return verificationFailure('missing-signature', `the ${signatureHeader} header is missing`);
    }
    const expected = hmacSha256(secret, [rawBody]).toString('hex');
    // GitHub always sends the prefix; a bare value is not a GitHub signature.
    const matches = received.some((value) =>
      constantTimeEqual(expected, hexSignatureCandidate(value, 'required') ?? ''),
    );
    return matches
      ? verificationSuccess(firstHeaderValue(headers, DELIVERY_HEADER))
      : verificationFailure('bad-signature', `the ${signatureHeader} header does not match the body`);
  },

  sign({ secret, signatureHeader, rawBody, deliveryId }) {
    return {
      [signatureHeader]: `sha256=${hmacSha256(secret, [rawBody]).toString('hex')}`,
      [DELIVERY_HEADER]: deliveryId,
    };
  },
};
