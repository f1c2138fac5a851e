import { compactJson, readableJson, shorten } from './json-text';

describe('JSON in the terminal', () => {
  it('prints a value on one line and cuts it with … at the given length', () => {
    expect(compactJson({ a: 1, b: 'two' })).toBe('{"a":1,"b":"two"}');
    expect(compactJson({ a: 1, b: 'two' }, 8)).toBe('{"a":1,…');
    expect(compactJson({ a: 1, b: 'two' }, 8)).toHaveLength(8);
  });

  it('prints nothing for undefined', () => {
    expect(compactJson(undefined)).toBe('');
  });

  it('keeps a short value on one line and indents a long one', () => {
    expect(readableJson({ id: 'a1' })).toBe('{"id":"a1"}');
    const long = { text: 'x'.repeat(100) };
    expect(readableJson(long)).toBe(JSON.stringify(long, null, 2));
  });

  it('flattens line breaks when shortening text for one line', () => {
    expect(shorten('first\n  second', 40)).toBe('first second');
  });
});
