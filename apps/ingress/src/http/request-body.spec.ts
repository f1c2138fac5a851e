import { ApiError } from './api-error';
import { MAX_JSON_DEPTH } from './json-depth';
import { bodyKind, parseJsonBody } from './request-body';

function refusal(parse: () => unknown): ApiError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const nested = (depth: number, open = '[', close = ']', inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

describe('request bodies', () => {
  it(`parses JSON nested exactly ${MAX_JSON_DEPTH} levels deep`, () => {
    expect(parseJsonBody(Buffer.from(nested(MAX_JSON_DEPTH)))).toBeInstanceOf(Array);
    expect(parseJsonBody(Buffer.from(nested(MAX_JSON_DEPTH, '{"a":', '}')))).toHaveProperty('a');
  });

  it('refuses JSON nested deeper than the limit with 400, saying where, before parsing it', () => {
    for (const body of [nested(90_000), nested(MAX_JSON_DEPTH + 1, '{"a":', '}'), `{"x":${nested(300)}}`]) {
      const error = refusal(() => parseJsonBody(Buffer.from(body)));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(`nested deeper than ${MAX_JSON_DEPTH} levels (at position`);
    }
  });

  it('counts no brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: '['.repeat(1000) + '\\"{'.repeat(500) });
    expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
  });

  it('refuses text that is not JSON, and an empty body, with 400', () => {
    expect(refusal(() => parseJsonBody(Buffer.from('{"a":'))).status).toBe(400);
    expect(refusal(() => parseJsonBody(Buffer.from('  '))).status).toBe(400);
    expect(parseJsonBody(undefined, { allowEmpty: true })).toEqual({});
  });

  it('accepts JSON media types with parameters or a +json suffix, and refuses others with 415', () => {
    expect(bodyKind('application/json; charset=utf-8', ['json'])).toBe('json');
    expect(bodyKind('application/vnd.github+json', ['json'])).toBe('json');
    expect(bodyKind('text/yaml', ['yaml', 'json'])).toBe('yaml');
    expect(refusal(() => bodyKind('text/plain', ['json'])).status).toBe(415);
    expect(refusal(() => bodyKind(undefined, ['json'])).status).toBe(415);
  });
});
