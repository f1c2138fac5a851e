import { int8Value, numericValue } from './safe-numbers';

describe('safe numbers', () => {
  it('returns an int8 as a number when it is a safe integer', () => {
    expect(int8Value('42')).toBe(42);
    expect(int8Value('-9007199254740991')).toBe(-9007199254740991);
  });

  it('returns an int8 beyond 2^53 as its exact text', () => {
    expect(int8Value('9007199254740993')).toBe('9007199254740993');
  });

  it('returns a numeric as a number when a double holds it exactly', () => {
    expect(numericValue('12')).toBe(12);
    expect(numericValue('12.500')).toBe(12.5);
    expect(numericValue('-0.000123')).toBe(-0.000123);
  });

  it('returns a numeric with more than 15 significant digits, NaN or a huge integer as text', () => {
    expect(numericValue('1.23456789012345678')).toBe('1.23456789012345678');
    expect(numericValue('NaN')).toBe('NaN');
    expect(numericValue('123456789012345678901')).toBe('123456789012345678901');
  });
});
