import { contractInput, contractViolation } from './run-contract';

describe('run contract', () => {
  it('each run index has its own input', () => {
    expect(contractInput(5)).toEqual({ n: 5, tag: 'r5' });
    expect(contractInput(102)).toEqual({ n: 102, tag: 'r5' });
  });

  it('accepts the doubled number and its label', () => {
    expect(contractViolation({ n: 21, tag: 'x' }, { doubled: 42, label: 'x-42' })).toBeUndefined();
  });

  it('names the expected and the actual output when they differ', () => {
    expect(contractViolation({ n: 21, tag: 'x' }, { doubled: 42, label: 'x-21' })).toBe(
      'expected output {"doubled":42,"label":"x-42"}, got {"doubled":42,"label":"x-21"}',
    );
  });

  it('refuses a missing output', () => {
    expect(contractViolation({ n: 1, tag: 'x' }, null)).toMatch(/got null/);
  });
});
