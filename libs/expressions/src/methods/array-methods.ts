/**
 * Methods callable on arrays. None modifies the array it is called on (`sort`, `reverse`, `splice`,
 * `push`… are refused in favour of `toSorted`, `toReversed`, `toSpliced`, `concat`: see
 * mutating-methods.ts); callbacks must be functions of the language; each element visited costs a
 * step and each array built is measured before it is built.
 */
import { arrayText, toNumber, toOptionalNumber, toText } from '../evaluate/conversions';
import type { Evaluation } from '../evaluate/evaluation';
import { callbackOf } from '../evaluate/sandbox-function';
import { ExpressionError } from '../expression-error';
import { type Method, methodTable } from './method-table';

type List = readonly unknown[];

function map(list: List, args: readonly unknown[], evaluation: Evaluation): unknown[] {
  evaluation.checkArray(list.length);
  evaluation.charge(list.length);
  const callback = callbackOf(args[0], evaluation);
  const result = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) result[i] = callback([list[i], i, list]);
  return result;
}

function filter(list: List, args: readonly unknown[], evaluation: Evaluation): unknown[] {
  evaluation.charge(list.length);
  const callback = callbackOf(args[0], evaluation);
  const result: unknown[] = [];
  for (let i = 0; i < list.length; i++) if (callback([list[i], i, list])) result.push(list[i]);
  return result;
}

// The index of the first element (from the end when `fromEnd`) the callback accepts, or -1.
function search(list: List, args: readonly unknown[], evaluation: Evaluation, fromEnd: boolean): number {
  const callback = callbackOf(args[0], evaluation);
  for (let step = 0; step < list.length; step++) {
    const i = fromEnd ? list.length - 1 - step : step;
    evaluation.charge(1);
    if (callback([list[i], i, list])) return i;
  }
  return -1;
}

function reduce(fromEnd: boolean): Method<List> {
  return (list, args, evaluation) => {
    evaluation.charge(list.length);
    const callback = callbackOf(args[0], evaluation);
    const order = (step: number): number => (fromEnd ? list.length - 1 - step : step);
    let step = 0;
    let accumulator: unknown;
    if (args.length >= 2) accumulator = args[1];
    else if (list.length === 0)
      throw new ExpressionError('type', 'reduce of an empty array needs an initial value');
    else accumulator = list[order(step++)];
    for (; step < list.length; step++) {
      const i = order(step);
      accumulator = callback([accumulator, list[i], i, list]);
    }
    return accumulator;
  };
}

function flatten(list: List, depth: number, evaluation: Evaluation, into: unknown[]): unknown[] {
  evaluation.enter();
  evaluation.charge(list.length);
  for (const element of list) {
    if (Array.isArray(element) && depth >= 1) flatten(element, depth - 1, evaluation, into);
    else {
      evaluation.checkArray(into.length + 1);
      into.push(element);
    }
  }
  evaluation.leave();
  return into;
}

// Sorting without a comparator compares the elements' texts, as JavaScript does; undefined last.
function sortedCopy(list: List, comparator: unknown, evaluation: Evaluation): unknown[] {
  evaluation.charge(list.length);
  if (comparator !== undefined) {
    const callback = callbackOf(comparator, evaluation);
    return [...list].sort((a, b) => {
      evaluation.charge(1);
      const order = toNumber(callback([a, b]), evaluation);
      return Number.isNaN(order) ? 0 : order;
    });
  }
  const keyed = list.map((value) => ({
    value,
    key: value === undefined ? undefined : toText(value, evaluation),
  }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  return keyed.map((entry) => entry.value);
}

function concat(list: List, args: readonly unknown[], evaluation: Evaluation): unknown[] {
  const length = args.reduce<number>(
    (total, arg) => total + (Array.isArray(arg) ? arg.length : 1),
    list.length,
  );
  evaluation.checkArray(length);
  evaluation.charge(length);
  const result = [...list];
  for (const arg of args) {
    if (Array.isArray(arg)) for (const element of arg) result.push(element);
    else result.push(arg);
  }
  return result;
}

// `toSpliced(start, deleteCount, ...items)`: a copy with elements removed and inserted.
function toSpliced(list: List, args: readonly unknown[], evaluation: Evaluation): unknown[] {
  const start = args.length === 0 ? list.length : toNumber(args[0], evaluation);
  const deleteCount = args.length < 2 ? undefined : toNumber(args[1], evaluation);
  const items = args.slice(2);
  evaluation.checkArray(list.length + items.length);
  evaluation.charge(list.length + items.length);
  return deleteCount === undefined && args.length < 2
    ? list.toSpliced(start)
    : list.toSpliced(start, deleteCount ?? 0, ...items);
}

function sliced(list: List, args: readonly unknown[], evaluation: Evaluation): unknown[] {
  const result = list.slice(toOptionalNumber(args[0], evaluation), toOptionalNumber(args[1], evaluation));
  evaluation.charge(result.length);
  return result;
}

const scan =
  (find: (list: List, needle: unknown, from: number | undefined) => unknown): Method<List> =>
  (list, args, evaluation) => {
    evaluation.charge(list.length);
    return find(list, args[0], toOptionalNumber(args[1], evaluation));
  };

export const ARRAY_METHODS = methodTable<List>({
  map,
  filter,
  flatMap: (list, args, evaluation) => flatten(map(list, args, evaluation), 1, evaluation, []),
  some: (list, args, evaluation) => search(list, args, evaluation, false) >= 0,
  every: (list, args, evaluation) => {
    const callback = callbackOf(args[0], evaluation);
    for (let i = 0; i < list.length; i++) {
      evaluation.charge(1);
      if (!callback([list[i], i, list])) return false;
    }
    return true;
  },
  find: (list, args, evaluation) => {
    const i = search(list, args, evaluation, false);
    return i < 0 ? undefined : list[i];
  },
  findIndex: (list, args, evaluation) => search(list, args, evaluation, false),
  findLast: (list, args, evaluation) => {
    const i = search(list, args, evaluation, true);
    return i < 0 ? undefined : list[i];
  },
  findLastIndex: (list, args, evaluation) => search(list, args, evaluation, true),
  reduce: reduce(false),
  reduceRight: reduce(true),
  join: (list, args, evaluation) =>
    arrayText(list, args[0] === undefined ? ',' : toText(args[0], evaluation), evaluation),
  toString: (list: List, _args: readonly unknown[], evaluation: Evaluation) =>
    arrayText(list, ',', evaluation),
  slice: sliced,
  includes: scan((list, needle, from) => list.includes(needle, from)),
  indexOf: scan((list, needle, from) => list.indexOf(needle, from)),
  lastIndexOf: scan((list, needle, from) =>
    from === undefined ? list.lastIndexOf(needle) : list.lastIndexOf(needle, from),
  ),
  concat,
  flat: (list, args, evaluation) => {
    const depth = args[0] === undefined ? 1 : toNumber(args[0], evaluation);
    return flatten(list, Number.isNaN(depth) ? 0 : depth, evaluation, []);
  },
  at: (list, args, evaluation) => list.at(toNumber(args[0] ?? 0, evaluation)),
  toSorted: (list, args, evaluation) => sortedCopy(list, args[0], evaluation),
  toReversed: (list, _args, evaluation) => {
    evaluation.charge(list.length);
    return list.toReversed();
  },
  toSpliced,
  with: (list, args, evaluation) => {
    evaluation.charge(list.length);
    const index = toNumber(args[0] ?? 0, evaluation);
    const at = Math.trunc(index) < 0 ? list.length + Math.trunc(index) : Math.trunc(index);
    if (!(at >= 0 && at < list.length)) throw new ExpressionError('evaluation', 'with(): index out of range');
    return list.with(at, args[1]);
  },
});
