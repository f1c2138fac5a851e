/**
 * Methods that change the value they are called on. Expressions never change data (a scope is
 * shared by every expression of a decision and re-read on replay), so these are refused, each with
 * the non-mutating way to say the same thing.
 */

const ARRAY_ALTERNATIVES: Readonly<Record<string, string>> = {
  sort: 'toSorted',
  reverse: 'toReversed',
  splice: 'toSpliced',
  push: 'concat (or [...list, item])',
  unshift: 'concat (or [item, ...list])',
  pop: 'at(-1) to read the last element, slice(0, -1) for the rest',
  shift: 'at(0) to read the first element, slice(1) for the rest',
  fill: 'map(() => value)',
  copyWithin: 'slice and concat',
};

const DATE_SETTERS = [
  'setTime',
  'setFullYear',
  'setMonth',
  'setDate',
  'setHours',
  'setMinutes',
  'setSeconds',
  'setMilliseconds',
  'setUTCFullYear',
  'setUTCMonth',
  'setUTCDate',
  'setUTCHours',
  'setUTCMinutes',
  'setUTCSeconds',
  'setUTCMilliseconds',
  'setYear',
];
const NEW_DATE = 'a new date, e.g. new Date(Date.UTC(year, month, day)) or new Date(date.getTime() + ms)';

/** Name of a mutating method → what to write instead. */
export const MUTATING_METHODS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(ARRAY_ALTERNATIVES),
  ...DATE_SETTERS.map((name): [string, string] => [name, NEW_DATE]),
]);

/** The message for a call of a mutating method, or undefined when `name` is not one. */
export function mutatingMethodMessage(name: string): string | undefined {
  const alternative = MUTATING_METHODS.get(name);
  return alternative === undefined
    ? undefined
    : `'${name}' changes the value it is called on and is not allowed; use ${alternative}`;
}
