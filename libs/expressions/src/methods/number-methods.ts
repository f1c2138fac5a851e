/** Methods callable on numbers and booleans. */
import { toOptionalNumber } from '../evaluate/conversions';
import type { Evaluation } from '../evaluate/evaluation';
import { formatNumber, numberFormat } from '../globals/intl';
import { methodTable } from './method-table';

export const NUMBER_METHODS = methodTable<number>({
  toFixed: (value, args, evaluation) => value.toFixed(toOptionalNumber(args[0], evaluation)),
  toPrecision: (value, args, evaluation) => value.toPrecision(toOptionalNumber(args[0], evaluation)),
  toExponential: (value, args, evaluation) => value.toExponential(toOptionalNumber(args[0], evaluation)),
  toString: (value: number, args: readonly unknown[], evaluation: Evaluation) =>
    value.toString(toOptionalNumber(args[0], evaluation)),
  // `en-US` unless a locale is given: never the evaluating machine's locale.
  toLocaleString: (value: number, args: readonly unknown[], evaluation: Evaluation) =>
    formatNumber(numberFormat(args[0], args[1], evaluation), value, evaluation),
  valueOf: (value: number) => value,
});

export const BOOLEAN_METHODS = methodTable<boolean>({
  toString: (value: boolean) => String(value),
  valueOf: (value: boolean) => value,
});
