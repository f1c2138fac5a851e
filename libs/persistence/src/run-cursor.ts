/**
 * The opaque `cursor` of `GET /api/runs`: the position after the last run of a page, in the
 * newest-first order (created_at, then id, both descending). A keyset, not an offset, so a page
 * never repeats or skips a run while new runs arrive.
 */
export interface RunCursor {
  readonly createdAt: Date;
  readonly id: string;
}

export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

/** The cursor, or undefined when the text is not one this function's counterpart wrote. */
export function decodeRunCursor(text: string): RunCursor | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined; // not JSON: a cursor that was never ours
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string') return undefined;
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? undefined : { createdAt: date, id };
}
