/**
 * Methods callable on dates. Dates are read in UTC: `getHours()` is `getUTCHours()`, `toString()`
 * is `toISOString()`, `toDateString()` names the UTC day, and the `toLocale*String` methods format
 * in `en-US` and `UTC` unless their arguments say otherwise, so a result never depends on the
 * locale or the time zone of the machine that evaluates it. None changes the date (the setters
 * are refused, see mutating-methods.ts).
 */
import { toNumber } from '../evaluate/conversions';
import type { Evaluation } from '../evaluate/evaluation';
import { ExpressionError } from '../expression-error';
import { type DateDefaults, dateTimeFormat, formatDate } from '../globals/intl';
import { type Method, methodTable } from './method-table';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const utc =
  (read: (date: Date) => number): Method<Date> =>
  (date) =>
    read(date);

function isoText(date: Date): string {
  if (Number.isNaN(date.getTime()))
    throw new ExpressionError('evaluation', 'an invalid date has no ISO text');
  return date.toISOString();
}

const two = (value: number): string => String(value).padStart(2, '0');

// JavaScript's year in toDateString: four digits at least, a sign for years before 0.
function yearText(year: number): string {
  return year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
}

/** `toDateString()` of the UTC day: `Mon Jan 15 2024`. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ${yearText(date.getUTCFullYear())}`;
}

/** `toTimeString()` in UTC: `12:00:00 GMT+0000 (Coordinated Universal Time)`. */
function timeText(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  return `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT+0000 (Coordinated Universal Time)`;
}

const localeText =
  (defaults: DateDefaults): Method<Date> =>
  (date, args, evaluation) => {
    if (Number.isNaN(date.getTime())) return 'Invalid Date';
    return formatDate(dateTimeFormat(args[0], args[1], defaults, evaluation), date, evaluation);
  };

export const DATE_METHODS = methodTable<Date>({
  getTime: utc((date) => date.getTime()),
  valueOf: utc((date) => date.getTime()),
  toISOString: (date) => isoText(date),
  toJSON: (date) => (Number.isNaN(date.getTime()) ? null : date.toISOString()),
  toString: (date: Date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString()),
  toDateString: (date) => dateText(date),
  toTimeString: (date) => timeText(date),
  toUTCString: (date) => date.toUTCString(),
  toLocaleDateString: localeText('date'),
  toLocaleTimeString: localeText('time'),
  toLocaleString: localeText('all'),
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
