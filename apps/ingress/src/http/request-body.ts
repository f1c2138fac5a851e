/**
 * Ingress reads every body as raw bytes (signatures are verified on them) and parses it here, so
 * bad JSON (400) and a wrong content type (415) are answered the same way on every route.
 */
import { ApiError } from './api-error';
import { jsonTooDeepAt, MAX_JSON_DEPTH } from './json-depth';

export type BodyKind = 'json' | 'yaml';

const MEDIA_TYPES: Record<BodyKind, readonly string[]> = {
  json: ['application/json'],
  yaml: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'],
};

/** The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

export function bodyKind(contentType: string | undefined, accepted: readonly BodyKind[]): BodyKind {
  const type = mediaType(contentType);
  // JSON media types with a suffix (application/vnd.x+json) are JSON too.
  const kind = accepted.find((k) =>
    type ? MEDIA_TYPES[k].includes(type) || (k === 'json' && type.endsWith('+json')) : false,
  );
  if (!kind) {
    const expected = accepted.flatMap((k) => MEDIA_TYPES[k][0]).join(' or ');
    throw ApiError.unsupportedMediaType(`expected Content-Type ${expected}, got ${type ?? 'none'}`);
  }
  return kind;
}

export function parseJsonBody(raw: Buffer | undefined, { allowEmpty = false } = {}): unknown {
  const text = raw?.toString('utf8') ?? '';
  if (text.trim() === '') {
    if (allowEmpty) return {};
    throw ApiError.badRequest('the request body is empty; expected JSON');
  }
  const tooDeepAt = jsonTooDeepAt(text);
  if (tooDeepAt !== undefined) {
    throw ApiError.badRequest(
      `the request body is nested deeper than ${MAX_JSON_DEPTH} levels (at position ${tooDeepAt})`,
      { maxDepth: MAX_JSON_DEPTH, position: tooDeepAt },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw ApiError.badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}
