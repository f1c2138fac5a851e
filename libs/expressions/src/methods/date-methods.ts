/**
 * Methods callable on dates. Dates are read in UTC: `getHours()` is `getUTCHours()` and `toString()`
 * is `toISOString()`, so a result never depends on the time zone of the machine that evaluates it.
 */
import { toNumber } from '../evaluate/conversions';
import type { Evaluation } from '../evaluate/evaluation';
import { ExpressionError } from '../expression-error';
import { type Method, methodTable } from './method-table';

const utc =
  (read: (date: Date) => number): Method<Date> =>
  (date) =>
    read(date);

function isoText(date: Date): string {
  if (Number.isNaN(date.getTime()))
    throw new ExpressionError('evaluation', 'an invalid date has no ISO text');
  return date.toISOString();
}

export const DATE_METHODS = methodTable<Date>({
  getTime: utc((date) => date.getTime()),
  valueOf: utc((date) => date.getTime()),
  toISOString: (date) => isoText(date),
  toJSON: (date) => (Number.isNaN(date.getTime()) ? null : date.toISOString()),
  toString: (date: Date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString()),
  getFullYear: utc((date) => date.getUTCFullYear()),
  getMonth: utc((date) => date.getUTCMonth()),
  getDate: utc((date) => date.getUTCDate()),
  getDay: utc((date) => date.getUTCDay()),
  getHours: utc((date) => date.getUTCHours()),
  getMinutes: utc((date) => date.getUTCMinutes()),
  getSeconds: utc((date) => date.getUTCSeconds()),
  getMilliseconds: utc((date) => date.getUTCMilliseconds()),
  getUTCFullYear: utc((date) => date.getUTCFullYear()),
  getUTCMonth: utc((date) => date.getUTCMonth()),
  getUTCDate: utc((date) => date.getUTCDate()),
  getUTCDay: utc((date) => date.getUTCDay()),
  getUTCHours: utc((date) => date.getUTCHours()),
  getUTCMinutes: utc((date) => date.getUTCMinutes()),
  getUTCSeconds: utc((date) => date.getUTCSeconds()),
  getUTCMilliseconds: utc((date) => date.getUTCMilliseconds()),
  getTimezoneOffset: () => 0,
});

/** `new Date(…)`: no argument is the evaluation's current time; several numbers are UTC fields. */
export function newDate(args: readonly unknown[], evaluation: Evaluation): Date {
  if (args.length === 0) return new Date(evaluation.currentTime());
  if (args.length === 1) {
    const [arg] = args;
    if (arg instanceof Date) return new Date(arg.getTime());
    if (typeof arg === 'string') return new Date(arg);
    return new Date(toNumber(arg, evaluation));
  }
  const fields = args.slice(0, 7).map((arg) => toNumber(arg, evaluation)) as [number, number, ...number[]];
  return new Date(Date.UTC(...fields));
}
