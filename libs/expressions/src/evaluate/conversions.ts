/**
 * JavaScript's implicit conversions, re-done so that they stay bounded and deterministic: turning
 * an array into text walks it with the evaluation's depth, length and step limits (native `join`
 * would recurse without bound), and dates read as ISO 8601 (native `toString` depends on the host's
 * time zone). Native operators then only ever see primitives.
 */
import { ExpressionError } from '../expression-error';
import { stringifyJson } from './bounded-json';
import type { Evaluation } from './evaluation';
import { SandboxFunction } from './sandbox-function';

export type Primitive = string | number | boolean | null | undefined | bigint | symbol;
type Hint = 'default' | 'number' | 'string';

export function isPrimitive(value: unknown): value is Primitive {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

export function toPrimitive(value: unknown, hint: Hint, evaluation: Evaluation): Primitive {
  if (isPrimitive(value)) return value;
  if (value instanceof SandboxFunction || typeof value === 'function') {
    throw new ExpressionError('type', 'a function cannot be converted to a number or a string');
  }
  if (value instanceof Date) return hint === 'number' ? value.getTime() : dateText(value);
  if (Array.isArray(value)) return arrayText(value, ',', evaluation);
  return '[object Object]';
}

/** `String(value)`, bounded. */
export function toText(value: unknown, evaluation: Evaluation): string {
  if (typeof value === 'string') return value;
  return String(toPrimitive(value, 'string', evaluation));
}

/** `Number(value)`, bounded. */
export function toNumber(value: unknown, evaluation: Evaluation): number {
  if (typeof value === 'number') return value;
  return Number(toPrimitive(value, 'number', evaluation));
}

/** An optional numeric argument: undefined stays undefined, anything else becomes a number. */
export function toOptionalNumber(value: unknown, evaluation: Evaluation): number | undefined {
  return value === undefined ? undefined : toNumber(value, evaluation);
}

export function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
}

/** `array.join(separator)`: nested arrays joined with ',', null and undefined as ''. */
export function arrayText(array: readonly unknown[], separator: string, evaluation: Evaluation): string {
  evaluation.enter();
  evaluation.charge(array.length);
  let text = '';
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    const part = element === null || element === undefined ? '' : toText(element, evaluation);
    const piece = i === 0 ? part : separator + part;
    evaluation.checkString(text.length + piece.length);
    text += piece;
  }
  evaluation.chargeText(text.length);
  evaluation.leave();
  return text;
}

/** Concatenation that refuses to build a string over the limit. */
export function concatText(left: string, right: string, evaluation: Evaluation): string {
  evaluation.checkString(left.length + right.length);
  return left + right;
}

/**
 * How a placeholder renders inside a larger string: null and undefined as nothing, dates as ISO
 * 8601, objects and arrays as JSON, everything else as JavaScript's String().
 */
export function interpolationText(value: unknown, evaluation: Evaluation): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return dateText(value);
  if (value instanceof SandboxFunction || typeof value === 'function') {
    throw new ExpressionError('type', 'a function cannot be placed in a string');
  }
  if (typeof value === 'object') return stringifyJson(value, '', evaluation) ?? '';
  return String(value);
}
