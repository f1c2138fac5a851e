/**
 * Unary and binary operators with JavaScript's semantics, except that objects are converted by the
 * bounded conversions (conversions.ts) and `in` looks at own properties only.
 */
import { ExpressionError } from '../expression-error';
import type { BinaryOperator, UnaryOperator } from '../syntax/syntax-tree';
import { concatText, isPrimitive, type Primitive, toNumber, toPrimitive } from './conversions';
import type { Evaluation } from './evaluation';
import { hasOwnMember, propertyKey } from './member-access';
import { SandboxFunction } from './sandbox-function';

export type BinaryOperation = (left: unknown, right: unknown, evaluation: Evaluation) => unknown;
export type UnaryOperation = (value: unknown, evaluation: Evaluation) => unknown;

type NumericOperator = '-' | '*' | '/' | '%' | '**' | '&' | '|' | '^' | '<<' | '>>' | '>>>';

function numeric(operator: NumericOperator, a: number, b: number): number {
  switch (operator) {
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '**':
      return a ** b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '>>>':
      return a >>> b;
  }
}

function add(left: unknown, right: unknown, evaluation: Evaluation): unknown {
  if (typeof left === 'number' && typeof right === 'number') return left + right;
  if (typeof left === 'string' && typeof right === 'string') return concatText(left, right, evaluation);
  const a = toPrimitive(left, 'default', evaluation);
  const b = toPrimitive(right, 'default', evaluation);
  if (typeof a === 'string' || typeof b === 'string') return concatText(String(a), String(b), evaluation);
  return Number(a) + Number(b);
}

function compare(
  operator: '<' | '>' | '<=' | '>=',
  left: unknown,
  right: unknown,
  evaluation: Evaluation,
): boolean {
  let a: Primitive = left as Primitive;
  let b: Primitive = right as Primitive;
  if (!(typeof a === 'number' && typeof b === 'number')) {
    a = toPrimitive(left, 'number', evaluation);
    b = toPrimitive(right, 'number', evaluation);
    if (!(typeof a === 'string' && typeof b === 'string')) {
      a = Number(a);
      b = Number(b);
    }
  }
  switch (operator) {
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>=':
      return (a as number) >= (b as number);
  }
}

/** `==`: objects compare by identity with each other and are converted only against a primitive. */
export function looselyEqual(left: unknown, right: unknown, evaluation: Evaluation): boolean {
  if (isPrimitive(left) && isPrimitive(right)) return left == right;
  if (!isPrimitive(left) && !isPrimitive(right)) return left === right;
  if (left === null || left === undefined || right === null || right === undefined) return false;
  return looselyEqual(
    toPrimitive(left, 'default', evaluation),
    toPrimitive(right, 'default', evaluation),
    evaluation,
  );
}

function isIn(key: unknown, object: unknown, evaluation: Evaluation): boolean {
  if (object === null || typeof object !== 'object')
    throw new ExpressionError('type', "the right side of 'in' must be an object or an array");
  if (object instanceof SandboxFunction) return false;
  return hasOwnMember(object, propertyKey(key, evaluation));
}

export function binaryOperation(operator: Exclude<BinaryOperator, 'instanceof'>): BinaryOperation {
  switch (operator) {
    case '+':
      return add;
    case '==':
      return looselyEqual;
    case '!=':
      return (a, b, evaluation) => !looselyEqual(a, b, evaluation);
    case '===':
      return (a, b) => a === b;
    case '!==':
      return (a, b) => a !== b;
    case '<':
      return (a, b, evaluation) =>
        typeof a === 'number' && typeof b === 'number' ? a < b : compare(operator, a, b, evaluation);
    case '>':
      return (a, b, evaluation) =>
        typeof a === 'number' && typeof b === 'number' ? a > b : compare(operator, a, b, evaluation);
    case '<=':
      return (a, b, evaluation) =>
        typeof a === 'number' && typeof b === 'number' ? a <= b : compare(operator, a, b, evaluation);
    case '>=':
      return (a, b, evaluation) =>
        typeof a === 'number' && typeof b === 'number' ? a >= b : compare(operator, a, b, evaluation);
    case 'in':
      return isIn;
    default:
      return (a, b, evaluation) =>
        typeof a === 'number' && typeof b === 'number'
          ? numeric(operator, a, b)
          : numeric(operator, toNumber(a, evaluation), toNumber(b, evaluation));
  }
}

export function unaryOperation(operator: UnaryOperator): UnaryOperation {
  switch (operator) {
    case '!':
      return (value) => !value;
    case '-':
      return (value, evaluation) => -toNumber(value, evaluation);
    case '+':
      return (value, evaluation) => toNumber(value, evaluation);
    case '~':
      return (value, evaluation) => ~toNumber(value, evaluation);
    case 'typeof':
      return (value) => (value instanceof SandboxFunction ? 'function' : typeof value);
    case 'void':
      return () => undefined;
  }
}
