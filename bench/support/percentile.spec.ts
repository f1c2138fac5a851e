import { percentile } from './percentile';

describe('percentile', () => {
  it('the 50th percentile of 1..100 is 50 and the 99th is 99 (nearest rank)', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
  });

  it('any percentile of one sample is that sample', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('the 99th percentile of a few samples is the largest', () => {
    expect(percentile([3, 1, 2], 99)).toBe(3);
  });

  it('leaves the samples in their order', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('has no value without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
