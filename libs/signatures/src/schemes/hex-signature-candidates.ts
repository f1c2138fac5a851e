/**
 * Normalises a `sha256=<hex>` or bare `<hex>` header value to lower-case hex. Returns undefined when
 * the prefix is required but absent.
 */
export function hexSignatureCandidate(value: string, prefix: 'required' | 'optional'): string | undefined {
  const match = /^sha256=(.*)$/i.exec(value);
  if (match) return match[1].trim().toLowerCase();
  return prefix === 'optional' ? value.toLowerCase() : undefined;
}
