/**
 * Locale-aware formatting (`Intl.NumberFormat`, `Intl.DateTimeFormat`, `toLocaleString` and the
 * date `toLocale*String` methods), kept deterministic and bounded:
 *
 * - the default locale is `en-US` and the default time zone `UTC`, never the host's;
 * - locales and options are copied into fresh objects holding only the documented option names
 *   with primitive values (strings at most 64 characters), so native code never sees a value of
 *   the scope and a hostile option cannot make it work hard;
 * - formatters are cached by their (copied) locales and options, and every use costs the same
 *   steps whether the cache had it or not (a decision must not depend on what ran before it);
 * - a RangeError of the native constructor (unknown locale, currency or time zone, a digit count
 *   out of range) becomes an `evaluation` error that does not quote the value.
 */
import { BoundedCache } from '../compile/bounded-cache';
import { toNumber, toText } from '../evaluate/conversions';
import type { Evaluation } from '../evaluate/evaluation';
import { isPlainObject } from '../evaluate/member-access';
import { ExpressionError } from '../expression-error';

export const DEFAULT_LOCALE = 'en-US';
export const DEFAULT_TIME_ZONE = 'UTC';

/** Steps charged for building (or finding) a formatter: constructing one costs tens of microseconds. */
export const FORMATTER_STEPS = 50;
const MAX_LOCALES = 8;
const MAX_OPTION_TEXT = 64;

const NUMBER_OPTIONS = [
  'localeMatcher',
  'style',
  'currency',
  'currencyDisplay',
  'currencySign',
  'unit',
  'unitDisplay',
  'minimumIntegerDigits',
  'minimumFractionDigits',
  'maximumFractionDigits',
  'minimumSignificantDigits',
  'maximumSignificantDigits',
  'roundingMode',
  'roundingPriority',
  'roundingIncrement',
  'trailingZeroDisplay',
  'useGrouping',
  'notation',
  'compactDisplay',
  'signDisplay',
  'numberingSystem',
] as const;

const DATE_FIELDS = ['weekday', 'era', 'year', 'month', 'day'] as const;
const TIME_FIELDS = ['dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits'] as const;
const DATE_TIME_OPTIONS = [
  'localeMatcher',
  'calendar',
  'numberingSystem',
  'timeZone',
  'hour12',
  'hourCycle',
  'timeZoneName',
  'formatMatcher',
  'dateStyle',
  'timeStyle',
  ...DATE_FIELDS,
  ...TIME_FIELDS,
] as const;

type Options = Record<string, string | number | boolean>;

/**
 * The opaque value `Intl.NumberFormat(…)` and `Intl.DateTimeFormat(…)` evaluate to: its only use
 * is `format(value)` (a method of the allow-list); it has no readable members and is not data.
 */
export class IntlFormatter {
  readonly #format: (value: unknown, evaluation: Evaluation) => string;

  constructor(format: (value: unknown, evaluation: Evaluation) => string) {
    this.#format = format;
  }

  static format(formatter: IntlFormatter, value: unknown, evaluation: Evaluation): string {
    return formatter.#format(value, evaluation);
  }
}

function locales(value: unknown, evaluation: Evaluation): string[] {
  if (value === undefined || value === null) return [DEFAULT_LOCALE];
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_LOCALES)
    throw new ExpressionError('evaluation', `at most ${MAX_LOCALES} locales may be given`);
  if (list.length === 0) return [DEFAULT_LOCALE];
  return list.map((locale) => {
    if (typeof locale !== 'string') throw new ExpressionError('type', 'a locale must be a string');
    return optionText(locale, 'a locale', evaluation);
  });
}

function optionText(value: string, what: string, evaluation: Evaluation): string {
  evaluation.chargeText(value.length);
  if (value.length > MAX_OPTION_TEXT)
    throw new ExpressionError('evaluation', `${what} is longer than ${MAX_OPTION_TEXT} characters`);
  return value;
}

// The documented options of `names`, copied as primitives; anything else in `value` is ignored,
// as JavaScript ignores options it does not know.
function options(value: unknown, names: readonly string[], evaluation: Evaluation): Options {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new ExpressionError('type', 'formatting options must be an object');
  const copy: Options = {};
  for (const name of names) {
    if (!Object.hasOwn(value, name)) continue;
    const option = value[name];
    if (option === undefined) continue;
    if (typeof option === 'string') copy[name] = optionText(option, `the option ${name}`, evaluation);
    else if (typeof option === 'number' || typeof option === 'boolean') copy[name] = option;
    else throw new ExpressionError('type', `the option ${name} must be a string, a number or a boolean`);
  }
  return copy;
}

const numberFormats = new BoundedCache<Intl.NumberFormat>(256);
const dateFormats = new BoundedCache<Intl.DateTimeFormat>(256);

function built<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError)
      throw new ExpressionError('evaluation', `${what}: unsupported locale or options`);
    throw error;
  }
}

export function numberFormat(
  localeArg: unknown,
  optionsArg: unknown,
  evaluation: Evaluation,
): Intl.NumberFormat {
  evaluation.charge(FORMATTER_STEPS);
  const list = locales(localeArg, evaluation);
  const copied = options(optionsArg, NUMBER_OPTIONS, evaluation);
  return numberFormats.get(JSON.stringify([list, copied]), () =>
    built('Intl.NumberFormat', () => new Intl.NumberFormat(list, copied)),
  );
}

/** Which fields a date formatter shows when the options name none (ECMA-402 ToDateTimeOptions). */
export type DateDefaults = 'date' | 'time' | 'all';

export function dateTimeFormat(
  localeArg: unknown,
  optionsArg: unknown,
  defaults: DateDefaults,
  evaluation: Evaluation,
): Intl.DateTimeFormat {
  evaluation.charge(FORMATTER_STEPS);
  const list = locales(localeArg, evaluation);
  const copied = options(optionsArg, DATE_TIME_OPTIONS, evaluation);
  copied.timeZone ??= DEFAULT_TIME_ZONE;
  const named = (fields: readonly string[]) => fields.some((field) => field in copied);
  if (!named(DATE_FIELDS) && !named(TIME_FIELDS) && !('dateStyle' in copied || 'timeStyle' in copied)) {
    if (defaults !== 'time') Object.assign(copied, { year: 'numeric', month: 'numeric', day: 'numeric' });
    if (defaults !== 'date') Object.assign(copied, { hour: 'numeric', minute: 'numeric', second: 'numeric' });
  }
  return dateFormats.get(JSON.stringify([list, copied]), () =>
    built('Intl.DateTimeFormat', () => new Intl.DateTimeFormat(list, copied)),
  );
}

/** Formats a number (or a bigint) with a cached formatter; the result is short by construction. */
export function formatNumber(format: Intl.NumberFormat, value: unknown, evaluation: Evaluation): string {
  const number = typeof value === 'bigint' ? value : toNumber(value, evaluation);
  const text = format.format(number);
  evaluation.chargeText(text.length);
  return text;
}

export function formatDate(format: Intl.DateTimeFormat, value: unknown, evaluation: Evaluation): string {
  const time =
    value === undefined
      ? evaluation.currentTime()
      : value instanceof Date
        ? value.getTime()
        : toNumber(value, evaluation);
  if (!Number.isFinite(time)) throw new ExpressionError('evaluation', 'an invalid date cannot be formatted');
  const text = format.format(time);
  evaluation.chargeText(text.length);
  return text;
}

/** `Intl.NumberFormat(locales, options)` (with or without `new`). */
export function newNumberFormat(args: readonly unknown[], evaluation: Evaluation): IntlFormatter {
  const format = numberFormat(args[0], args[1], evaluation);
  return new IntlFormatter((value, inner) => formatNumber(format, value, inner));
}

/** `Intl.DateTimeFormat(locales, options)` (with or without `new`): shows the date when no field is named. */
export function newDateTimeFormat(args: readonly unknown[], evaluation: Evaluation): IntlFormatter {
  const format = dateTimeFormat(args[0], args[1], 'date', evaluation);
  return new IntlFormatter((value, inner) => formatDate(format, value, inner));
}

/** `text.localeCompare(other, locales, options)` through a cached Intl.Collator. */
const collators = new BoundedCache<Intl.Collator>(256);
const COLLATOR_OPTIONS = [
  'localeMatcher',
  'usage',
  'sensitivity',
  'ignorePunctuation',
  'numeric',
  'caseFirst',
  'collation',
] as const;

export function compareText(text: string, args: readonly unknown[], evaluation: Evaluation): number {
  const other = toText(args[0], evaluation);
  evaluation.chargeText(text.length + other.length);
  if (args[1] === undefined && args[2] === undefined) return text.localeCompare(other, DEFAULT_LOCALE);
  evaluation.charge(FORMATTER_STEPS);
  const list = locales(args[1], evaluation);
  const copied = options(args[2], COLLATOR_OPTIONS, evaluation);
  const collator = collators.get(JSON.stringify([list, copied]), () =>
    built('localeCompare', () => new Intl.Collator(list, copied)),
  );
  return collator.compare(text, other);
}
