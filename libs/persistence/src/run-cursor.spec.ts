import { decodeRunCursor, encodeRunCursor } from './run-cursor';

describe('run cursor', () => {
  it('decodes what it encoded', () => {
    const cursor = { createdAt: new Date('2026-11-24T10:00:00.123Z'), id: 'run-7' };
    expect(decodeRunCursor(encodeRunCursor(cursor))).toEqual(cursor);
  });

  it('is opaque: URL-safe text that does not show the id', () => {
    const text = encodeRunCursor({ createdAt: new Date('2026-11-24T10:00:00.000Z'), id: 'run-7' });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text).not.toContain('run-7');
  });

  it('rejects text it did not write', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeRunCursor('not a cursor')).toBeUndefined();
    expect(decodeRunCursor(encode({ createdAt: '2026-11-24T10:00:00.000Z', id: 'x' }))).toBeUndefined();
    expect(decodeRunCursor(encode(['yesterday', 'x']))).toBeUndefined();
    expect(decodeRunCursor(encode(['2026-11-24T10:00:00.000Z', 7]))).toBeUndefined();
  });
});
