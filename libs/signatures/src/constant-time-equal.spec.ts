import { constantTimeEqual } from './constant-time-equal';

describe('constantTimeEqual', () => {
  it('is true only for identical strings', () => {
    expect(constantTimeEqual('abc123', 'abc123')).toBe(true);
    expect(constantTimeEqual('abc123', 'abc124')).toBe(false);
  });

  it('compares strings of different lengths without throwing, and finds them different', () => {
    expect(constantTimeEqual('abc123', 'abc1234')).toBe(false);
    expect(constantTimeEqual('abc123', '')).toBe(false);
  });

  it('never equates different strings whose characters share low bytes', () => {
    // U+0161 and U+0061 share their low byte: a Latin-1 comparison would call these equal.
    expect(constantTimeEqual('a'.repeat(64), '\u0161'.repeat(64))).toBe(false);
    expect(constantTimeEqual('é'.repeat(2), 'é'.repeat(2))).toBe(true);
  });
});
