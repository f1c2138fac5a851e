import { MessagingError } from './messaging-error';

/** Messages on every Baton subject are UTF-8 JSON. */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Decodes without throwing: a payload that is not JSON is a poison message the caller terminates or reports. */
export function decodeJson<T>(data: Uint8Array): Decoded<T> {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(data)) as T };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** For stored messages this library wrote itself: one that does not decode is corruption, reported with where it is. */
export function decodeStoredJson<T>(data: Uint8Array, where: string): T {
  const decoded = decodeJson<T>(data);
  if (!decoded.ok)
    throw new MessagingError('corrupt-message', `${where} does not hold JSON: ${decoded.reason}`);
  return decoded.value;
}
