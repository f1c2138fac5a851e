/**
 * Query parameters as the API reads them: one string each. A parameter given twice (`?a=1&a=2`,
 * which the parser turns into an array) or holding a NUL character (which PostgreSQL refuses in
 * text, and no name or cursor contains) is the caller's mistake: 400, not a failure further in.
 */
import { ApiError } from './api-error';

export function queryText(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ApiError.badRequest(`query parameter '${name}' must be given once`);
  if (value.includes('\u0000'))
    throw ApiError.badRequest(`query parameter '${name}' must not contain NUL characters`);
  return value;
}
