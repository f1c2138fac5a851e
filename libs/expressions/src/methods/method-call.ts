/**
 * Calling a method on a value: the method must be on the allow-list for that kind of value.
 */
import type { Evaluation } from '../evaluate/evaluation';
import { forbiddenMember } from '../evaluate/member-access';
import { SandboxFunction } from '../evaluate/sandbox-function';
import { ExpressionError } from '../expression-error';
import { FORBIDDEN_MEMBERS } from '../syntax/reserved-names';
import { ARRAY_METHODS } from './array-methods';
import { IntlFormatter } from '../globals/intl';
import { DATE_METHODS } from './date-methods';
import type { Method, MethodTable } from './method-table';
import { mutatingMethodMessage } from './mutating-methods';
import { BOOLEAN_METHODS, NUMBER_METHODS } from './number-methods';
import { STRING_METHODS } from './string-methods';

const OBJECT_METHODS: MethodTable<object> = new Map<string, Method<object>>([
  ['toString', () => '[object Object]'],
]);

const FORMATTER_METHODS: MethodTable<IntlFormatter> = new Map<string, Method<IntlFormatter>>([
  ['format', (formatter, args, evaluation) => IntlFormatter.format(formatter, args[0], evaluation)],
]);

/** Every method name some kind of value allows: a static call of any other name fails at compile time. */
export const METHOD_NAMES: ReadonlySet<string> = new Set(
  [
    STRING_METHODS,
    ARRAY_METHODS,
    NUMBER_METHODS,
    BOOLEAN_METHODS,
    DATE_METHODS,
    OBJECT_METHODS,
    FORMATTER_METHODS,
  ].flatMap((table) => [...table.keys()]),
);

/** The error for a method that no kind of value allows (named statically, or computed at run time). */
export function unknownMethod(name: string, index?: number): ExpressionError {
  return new ExpressionError(
    'unknown-method',
    mutatingMethodMessage(name) ?? `'${name}' is not an allowed method`,
    index,
  );
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (value instanceof SandboxFunction) return 'a function';
  if (value instanceof IntlFormatter) return 'a formatter';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'undefined':
      return 'undefined';
    default:
      return 'an object';
  }
}

function methodFor(receiver: unknown, name: string): Method<never> | undefined {
  if (typeof receiver === 'string') return STRING_METHODS.get(name);
  if (typeof receiver === 'number') return NUMBER_METHODS.get(name);
  if (typeof receiver === 'boolean') return BOOLEAN_METHODS.get(name);
  if (Array.isArray(receiver)) return ARRAY_METHODS.get(name);
  if (receiver instanceof Date) return DATE_METHODS.get(name);
  if (receiver instanceof IntlFormatter) return FORMATTER_METHODS.get(name);
  if (receiver instanceof SandboxFunction || receiver === null || typeof receiver !== 'object')
    return undefined;
  return OBJECT_METHODS.get(name);
}

/**
 * Calls the allowed method `name` of `receiver`. `computed` says the name came from data
 * (`x[key]()`), in which case errors do not repeat it.
 */
export function callMethod(
  receiver: unknown,
  name: string,
  args: readonly unknown[],
  evaluation: Evaluation,
  computed = false,
): unknown {
  const named = computed ? 'a computed method' : `'${name}'`;
  if (receiver === null || receiver === undefined) {
    throw new ExpressionError(
      'type',
      `cannot call ${named} on ${kindOf(receiver)} (use ?. to allow a missing value)`,
    );
  }
  if (FORBIDDEN_MEMBERS.has(name)) throw forbiddenMember(name);
  const method = methodFor(receiver, name) as Method<unknown> | undefined;
  if (method === undefined) {
    const mutating = mutatingMethodMessage(name);
    if (mutating !== undefined && !computed) throw new ExpressionError('unknown-method', mutating);
    throw new ExpressionError('unknown-method', `${named} is not an allowed method of ${kindOf(receiver)}`);
  }
  evaluation.charge(1);
  return method(receiver, args, evaluation);
}

/** Whether `receiver` has an allowed method called `name`. */
export function hasMethod(receiver: unknown, name: string): boolean {
  return (
    receiver !== null &&
    receiver !== undefined &&
    !FORBIDDEN_MEMBERS.has(name) &&
    methodFor(receiver, name) !== undefined
  );
}
