/**
 * Type parsers that return PostgreSQL's 64-bit integers and numerics as JavaScript numbers when no
 * precision is lost, and as their exact text otherwise. A `COUNT(*)` is an int8, so without this
 * every count would reach expressions as a string.
 */
import { types, type CustomTypesConfig } from 'pg';

const INT8 = 20;
const NUMERIC = 1700;
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;

/** A double represents any decimal of at most 15 significant digits exactly. */
const EXACT_DECIMAL_DIGITS = 15;

type TextParser = (text: string) => unknown;
/** pg's own parser for a type (its typing only accepts the ids it names). */
const defaultParser = types.getTypeParser as unknown as (oid: number, format?: string) => TextParser;

export function int8Value(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

export function numericValue(text: string): number | string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text; // NaN, Infinity
  if (!text.includes('.')) return int8Value(text);
  return significantDigits(text) <= EXACT_DECIMAL_DIGITS ? Number(text) : text;
}

function significantDigits(text: string): number {
  return text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

function mapArray(value: unknown, convert: (text: string) => number | string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapArray(item, convert));
  return typeof value === 'string' ? convert(value) : value;
}

/** Per-pool parsers (pg's global `types.setTypeParser` would change every other pg user in the process). */
export const safeNumberTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return defaultParser(oid, format);
    if (oid === INT8) return int8Value;
    if (oid === NUMERIC) return numericValue;
    if (oid === INT8_ARRAY || oid === NUMERIC_ARRAY) {
      const parseArray = defaultParser(oid, 'text');
      const convert = oid === INT8_ARRAY ? int8Value : numericValue;
      return (text: string) => mapArray(parseArray(text), convert);
    }
    return defaultParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};
