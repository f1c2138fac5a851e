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
});
