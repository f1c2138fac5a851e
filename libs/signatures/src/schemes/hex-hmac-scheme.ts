import { constantTimeEqual } from '../constant-time-equal';
import { firstHeaderValue, headerValues } from '../header-values';
import { hmacSha256 } from '../hmac-sha256';
import { verificationFailure, verificationSuccess } from '../webhook-verification';
import { hexSignatureCandidate } from './hex-signature-candidates';
import type { SignatureScheme } from './signature-scheme';

export interface HexHmacSchemeOptions {
  readonly defaultHeader: string;
  /** Whether the value must carry the `sha256=` prefix, or may. Signing adds it only when required. */
  readonly prefix: 'required' | 'optional';
  /** Header holding the sender's delivery id, when the sender sends one. */
  readonly deliveryHeader?: string;
}

/** A hex HMAC-SHA256 of the raw body in one header: the generic scheme and GitHub's. */
export function hexHmacScheme({
  defaultHeader,
  prefix,
  deliveryHeader,
}: HexHmacSchemeOptions): SignatureScheme {
  return {
    defaultHeader,

    verify({ secret, signatureHeader, rawBody, headers }) {
      const received = headerValues(headers, signatureHeader);
      if (received.length === 0) {
        return verificationFailure('missing-signature', `the ${signatureHeader} header is missing`);
      }
      const expected = hmacSha256(secret, [rawBody]).toString('hex');
      const matches = received.some((value) =>
        constantTimeEqual(expected, hexSignatureCandidate(value, prefix) ?? ''),
      );
      return matches
        ? verificationSuccess(
            deliveryHeader === undefined ? undefined : firstHeaderValue(headers, deliveryHeader),
          )
        : verificationFailure('bad-signature', `the ${signatureHeader} header does not match the body`);
    },

    sign({ secret, signatureHeader, rawBody, deliveryId }) {
      const hex = hmacSha256(secret, [rawBody]).toString('hex');
      return {
        [signatureHeader]: prefix === 'required' ? `sha256=${hex}` : hex,
        ...(deliveryHeader === undefined ? {} : { [deliveryHeader]: deliveryId }),
      };
    },
  };
}
