import type { RequestHeaders } from './webhook-verification';

/** Every non-empty value of a header (a repeated header arrives as an array). */
export function headerValues(headers: RequestHeaders, name: string): string[] {
  const value = headers[name.toLowerCase()];
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return values.map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The first non-empty value of a header, if any. */
export function firstHeaderValue(headers: RequestHeaders, name: string): string | undefined {
  return headerValues(headers, name)[0];
}
