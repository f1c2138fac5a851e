/**
 * The common encodings of a secret, masked wherever they appear as a last net behind taint tracking
 * (a code step, a remote server or a log line may have transformed a secret without an expression
 * seeing it): case (matched without regard to case), reversed, hexadecimal, URL-encoded
 * (`encodeURIComponent`, and `+` for spaces as in forms), JSON-escaped, base64 and base64url.
 *
 * Base64 depends on where the secret starts in the encoded bytes (`'Basic ' + base64('user:' +
 * secret)`), so each alignment (0, 1 or 2 bytes before it) gives one variant: the characters that
 * depend on the secret's bytes alone.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const size = Math.min(3, bytes.length - i);
    for (let j = 0; j <= size; j++) text += BASE64[(chunk >> (18 - 6 * j)) & 63];
  }
  return text;
}

const padded = (text: string): string => text.padEnd(Math.ceil(text.length / 4) * 4, '=');

/** The base64 characters determined by the secret alone, for each of the three alignments. */
function base64Fragments(bytes: Uint8Array): string[] {
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = base64(padded);
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6);
    fragments.push(encoded.slice(first, last));
  }
  return fragments;
}

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

const encoder = new TextEncoder();

/**
 * Every encoding of `secret` listed above that differs from it, except case (the matcher ignores
 * case). Variants shorter than `minLength` are left out: they would match unrelated text.
 */
export function secretVariants(secret: string, minLength: number): string[] {
  const bytes = encoder.encode(secret);
  const variants = new Set<string>([
    [...secret].reverse().join(''),
    hex(bytes),
    jsonEscaped(secret),
    // The whole encoding (with and without padding) wins where the secret ends the encoded bytes.
    ...[...base64Fragments(bytes), base64(bytes), padded(base64(bytes))].flatMap((text) => [
      text,
      text.replace(/\+/g, '-').replace(/\//g, '_'),
    ]),
  ]);
  const uriEncoded = uriComponent(secret);
  if (uriEncoded !== undefined) {
    variants.add(uriEncoded);
    variants.add(uriEncoded.replace(/%20/g, '+'));
  }
  variants.delete(secret);
  return [...variants].filter((variant) => variant.length >= minLength);
}

/** The text of `value` inside a JSON string (how it appears in a log line). */
export function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

// encodeURIComponent throws on lone surrogates: such a secret has no URL encoding to look for.
function uriComponent(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}
