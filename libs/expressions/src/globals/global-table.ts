/**
 * The allow-listed globals. Each is resolved when an expression is compiled: a name that is not
 * here is read from the scope, and calling or reading a member that is not here is a compile error.
 * Native functions only ever receive primitives (arguments go through the bounded conversions).
 */
import { toNumber, toOptionalNumber, toText } from '../evaluate/conversions';
import { stringifyJson } from '../evaluate/bounded-json';
import type { Evaluation } from '../evaluate/evaluation';
import { defineOwn, forbiddenMember, propertyKey } from '../evaluate/member-access';
import { SandboxFunction } from '../evaluate/sandbox-function';
import { taintCall } from '../evaluate/taint';
import { ExpressionError } from '../expression-error';
import { FORBIDDEN_MEMBERS } from '../syntax/reserved-names';
import { newDateTimeFormat, newNumberFormat } from './intl';

export type NativeFunction = (args: readonly unknown[], evaluation: Evaluation) => unknown;

export type GlobalMember =
  | { readonly kind: 'constant'; readonly value: unknown }
  | { readonly kind: 'function'; readonly call: NativeFunction; readonly value: SandboxFunction };

export interface GlobalEntry {
  /** What the bare name is (a constant, or a function such as `Number`); absent for namespaces like Math. */
  readonly self?: GlobalMember;
  readonly members: ReadonlyMap<string, GlobalMember>;
}

// As a value (`list.map(String)`) the function taints its result like a direct call would.
function fn(call: NativeFunction): GlobalMember {
  const value = new SandboxFunction((evaluation, args) => {
    const result = call(args, evaluation);
    if (evaluation.taint !== null) taintCall(evaluation.taint, args, [], result);
    return result;
  });
  return { kind: 'function', call, value };
}

function constant(value: unknown): GlobalMember {
  return { kind: 'constant', value };
}

const NO_MEMBERS: ReadonlyMap<string, GlobalMember> = new Map();

function numbers(args: readonly unknown[], evaluation: Evaluation): number[] {
  evaluation.charge(args.length);
  return args.map((arg) => toNumber(arg, evaluation));
}

function textFunction(transform: (text: string) => string): GlobalMember {
  return fn((args, evaluation) => {
    const text = toText(args[0], evaluation);
    evaluation.chargeText(text.length);
    const result = transform(text);
    evaluation.checkString(result.length);
    return result;
  });
}

function objectArgument(args: readonly unknown[], what: string): object {
  const [value] = args;
  if (value === null || value === undefined)
    throw new ExpressionError('type', `${what} needs an object or an array`);
  return Object(value) as object;
}

function ownKeys(value: object, evaluation: Evaluation): string[] {
  const keys = value instanceof SandboxFunction ? [] : Object.keys(value);
  evaluation.checkArray(keys.length);
  evaluation.charge(keys.length);
  return keys;
}

function fromEntries(args: readonly unknown[], evaluation: Evaluation): Record<string, unknown> {
  const [entries] = args;
  if (!Array.isArray(entries))
    throw new ExpressionError('type', 'Object.fromEntries needs an array of [key, value] pairs');
  evaluation.charge(entries.length);
  const result: Record<string, unknown> = {};
  for (const entry of entries) {
    if (!Array.isArray(entry))
      throw new ExpressionError('type', 'Object.fromEntries needs an array of [key, value] pairs');
    const key = propertyKey(entry[0], evaluation);
    if (FORBIDDEN_MEMBERS.has(key)) throw forbiddenMember(key);
    defineOwn(result, key, entry[1]);
  }
  return result;
}

function jsonParse(args: readonly unknown[], evaluation: Evaluation): unknown {
  if (args[1] !== undefined) throw new ExpressionError('type', 'JSON.parse does not take a reviver here');
  const text = toText(args[0], evaluation);
  evaluation.chargeText(text.length);
  try {
    return JSON.parse(text);
  } catch (error) {
    // The native message quotes the text, which may be a secret: say only what went wrong.
    if (error instanceof SyntaxError)
      throw new ExpressionError('evaluation', 'JSON.parse: the text is not valid JSON');
    throw error;
  }
}

function jsonStringify(args: readonly unknown[], evaluation: Evaluation): unknown {
  const [value, replacer, space] = args;
  if (replacer !== undefined && replacer !== null)
    throw new ExpressionError('type', 'JSON.stringify does not take a replacer here');
  let gap = '';
  if (typeof space === 'number') gap = ' '.repeat(Math.max(0, Math.min(10, Math.floor(space))));
  else if (typeof space === 'string') gap = space.slice(0, 10);
  return stringifyJson(value, gap, evaluation);
}

const MATH_FUNCTIONS = [
  'abs',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atan2',
  'atanh',
  'cbrt',
  'ceil',
  'clz32',
  'cos',
  'cosh',
  'exp',
  'expm1',
  'floor',
  'fround',
  'hypot',
  'imul',
  'log',
  'log10',
  'log1p',
  'log2',
  'max',
  'min',
  'pow',
  'round',
  'sign',
  'sin',
  'sinh',
  'sqrt',
  'tan',
  'tanh',
  'trunc',
] as const;
const MATH_CONSTANTS = ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'] as const;
const NUMBER_CONSTANTS = [
  'EPSILON',
  'MAX_SAFE_INTEGER',
  'MAX_VALUE',
  'MIN_SAFE_INTEGER',
  'MIN_VALUE',
  'NaN',
  'NEGATIVE_INFINITY',
  'POSITIVE_INFINITY',
] as const;

const parseIntMember = fn((args, evaluation) =>
  parseInt(toText(args[0], evaluation), toOptionalNumber(args[1], evaluation)),
);
const parseFloatMember = fn((args, evaluation) => parseFloat(toText(args[0], evaluation)));

// Math.random is left out on purpose: the same scope must always give the same value (the engine
// replays and re-decides from recorded facts).
export const GLOBALS: ReadonlyMap<string, GlobalEntry> = new Map<string, GlobalEntry>([
  ['undefined', { self: constant(undefined), members: NO_MEMBERS }],
  ['NaN', { self: constant(NaN), members: NO_MEMBERS }],
  ['Infinity', { self: constant(Infinity), members: NO_MEMBERS }],
  ['parseInt', { self: parseIntMember, members: NO_MEMBERS }],
  ['parseFloat', { self: parseFloatMember, members: NO_MEMBERS }],
  [
    'isNaN',
    { self: fn((args, evaluation) => Number.isNaN(toNumber(args[0], evaluation))), members: NO_MEMBERS },
  ],
  [
    'isFinite',
    { self: fn((args, evaluation) => Number.isFinite(toNumber(args[0], evaluation))), members: NO_MEMBERS },
  ],
  ['encodeURIComponent', { self: textFunction(encodeURIComponent), members: NO_MEMBERS }],
  ['decodeURIComponent', { self: textFunction(decodeURIComponent), members: NO_MEMBERS }],
  ['encodeURI', { self: textFunction(encodeURI), members: NO_MEMBERS }],
  ['decodeURI', { self: textFunction(decodeURI), members: NO_MEMBERS }],
  [
    'Math',
    {
      members: new Map<string, GlobalMember>([
        ...MATH_CONSTANTS.map((name): [string, GlobalMember] => [name, constant(Math[name])]),
        ...MATH_FUNCTIONS.map((name): [string, GlobalMember] => [
          name,
          fn((args, evaluation) =>
            (Math[name] as (...values: number[]) => number)(...numbers(args, evaluation)),
          ),
        ]),
      ]),
    },
  ],
  [
    'JSON',
    {
      members: new Map([
        ['parse', fn(jsonParse)],
        ['stringify', fn(jsonStringify)],
      ]),
    },
  ],
  [
    'Object',
    {
      members: new Map([
        ['keys', fn((args, evaluation) => ownKeys(objectArgument(args, 'Object.keys'), evaluation))],
        [
          'values',
          fn((args, evaluation) => {
            const object = objectArgument(args, 'Object.values') as Record<string, unknown>;
            return ownKeys(object, evaluation).map((key) => object[key]);
          }),
        ],
        [
          'entries',
          fn((args, evaluation) => {
            const object = objectArgument(args, 'Object.entries') as Record<string, unknown>;
            return ownKeys(object, evaluation).map((key) => [key, object[key]]);
          }),
        ],
        ['fromEntries', fn(fromEntries)],
      ]),
    },
  ],
  ['Array', { members: new Map([['isArray', fn((args) => Array.isArray(args[0]))]]) }],
  [
    'Date',
    {
      members: new Map([
        ['now', fn((_args, evaluation) => evaluation.currentTime())],
        ['parse', fn((args, evaluation) => Date.parse(toText(args[0], evaluation)))],
        ['UTC', fn((args, evaluation) => Date.UTC(...(numbers(args.slice(0, 7), evaluation) as [number])))],
      ]),
    },
  ],
  [
    'Number',
    {
      self: fn((args, evaluation) => (args.length === 0 ? 0 : toNumber(args[0], evaluation))),
      members: new Map<string, GlobalMember>([
        ...NUMBER_CONSTANTS.map((name): [string, GlobalMember] => [name, constant(Number[name])]),
        ['isInteger', fn((args) => Number.isInteger(args[0]))],
        ['isSafeInteger', fn((args) => Number.isSafeInteger(args[0]))],
        ['isFinite', fn((args) => Number.isFinite(args[0]))],
        ['isNaN', fn((args) => Number.isNaN(args[0]))],
        ['parseInt', parseIntMember],
        ['parseFloat', parseFloatMember],
      ]),
    },
  ],
  [
    'String',
    {
      self: fn((args, evaluation) => (args.length === 0 ? '' : toText(args[0], evaluation))),
      members: new Map([
        ['fromCharCode', fn((args, evaluation) => String.fromCharCode(...numbers(args, evaluation)))],
        ['fromCodePoint', fn((args, evaluation) => String.fromCodePoint(...numbers(args, evaluation)))],
      ]),
    },
  ],
  ['Boolean', { self: fn((args) => Boolean(args[0])), members: NO_MEMBERS }],
  [
    'Intl',
    {
      // Callable with or without `new` (the parser turns `new Intl.X(…)` into a call).
      members: new Map([
        ['NumberFormat', fn(newNumberFormat)],
        ['DateTimeFormat', fn(newDateTimeFormat)],
      ]),
    },
  ],
]);

/** The names of the allow-listed globals. */
export const GLOBAL_NAMES: ReadonlySet<string> = new Set(GLOBALS.keys());
