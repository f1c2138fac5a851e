import { isShed, runIdOf } from './webhook-load';

describe('isShed', () => {
  it('is a 503 with a Retry-After header, whatever its case', () => {
    expect(isShed(503, { 'Retry-After': '1' })).toBe(true);
    expect(isShed(503, { 'retry-after': ['2'] })).toBe(true);
  });

  it('is not a 503 without Retry-After, nor another status with it', () => {
    expect(isShed(503, { 'content-type': 'application/json' })).toBe(false);
    expect(isShed(503, { 'retry-after': '' })).toBe(false);
    expect(isShed(429, { 'retry-after': '1' })).toBe(false);
    expect(isShed(202, {})).toBe(false);
  });
});

describe('runIdOf', () => {
  it('reads the run of an accepted delivery', () => {
    expect(runIdOf('{"runId":"r-1","duplicate":false}')).toBe('r-1');
  });

  it('is empty for a body without one', () => {
    expect(runIdOf('{"accepted":true}')).toBe('');
    expect(runIdOf('not json')).toBe('');
    expect(runIdOf('null')).toBe('');
  });
});
