/**
 * Reading members: lenient (a member of null or undefined is undefined) and confined to data. A
 * plain object shows only its own properties, strings and arrays their indices and `length`, and
 * `constructor`, `__proto__` and `prototype` are refused however the name was computed. Methods are
 * not read here: calls go through the allow-lists in methods/.
 */
import { ExpressionError } from '../expression-error';
import { FORBIDDEN_MEMBERS } from '../syntax/reserved-names';
import { toText } from './conversions';
import type { Evaluation } from './evaluation';
import { SandboxFunction } from './sandbox-function';

const hasOwn = Object.hasOwn;

// Every name some built-in prototype answers to. A static name outside this set can only find an
// own property (or nothing) on the values an expression meets, so it may be read directly.
const INHERITED_NAMES: ReadonlySet<string> = new Set(
  [Object, Array, String, Number, Boolean, Date, Function, SandboxFunction].flatMap((type) =>
    Object.getOwnPropertyNames(type.prototype),
  ),
);

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Whether a static member name may be read with a plain property access (see INHERITED_NAMES). */
export function isDirectlyReadable(name: string): boolean {
  return !INHERITED_NAMES.has(name) && !FORBIDDEN_MEMBERS.has(name) && !ARRAY_INDEX.test(name);
}

export function forbiddenMember(name: string): ExpressionError {
  return new ExpressionError('forbidden', `the member '${name}' is not accessible`);
}

/** `object[name]` for a name known as a string. */
export function readMember(object: unknown, name: string): unknown {
  if (object === null || object === undefined) return undefined;
  if (FORBIDDEN_MEMBERS.has(name)) throw forbiddenMember(name);
  if (typeof object === 'string') {
    if (name === 'length') return object.length;
    return ARRAY_INDEX.test(name) ? object[Number(name)] : undefined;
  }
  if (typeof object !== 'object' || object instanceof SandboxFunction) return undefined;
  if (name === 'length' && Array.isArray(object)) return object.length;
  return hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}

/** `object.length`, the most read inherited name, with its common cases first. */
export function readLength(object: unknown): unknown {
  return typeof object === 'string' || Array.isArray(object) ? object.length : readMember(object, 'length');
}

/** `object[key]` for a computed key of any type. */
export function readComputedMember(object: unknown, key: unknown, evaluation: Evaluation): unknown {
  if (object === null || object === undefined) return undefined;
  if (
    typeof key === 'number' &&
    Number.isInteger(key) &&
    key >= 0 &&
    (typeof object === 'string' || Array.isArray(object))
  ) {
    return object[key];
  }
  return readMember(object, propertyKey(key, evaluation));
}

/** The property name a computed key stands for (`a[1]` is `a['1']`). */
export function propertyKey(key: unknown, evaluation: Evaluation): string {
  return typeof key === 'string' ? key : toText(key, evaluation);
}

/** Whether `object` has its own property `name` (the `in` operator). */
export function hasOwnMember(object: object, name: string): boolean {
  return hasOwn(object, name);
}

/** Writes an own data property, also for the name `__proto__` (which a plain assignment would treat as the prototype). */
export function defineOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  else target[name] = value;
}

/** A plain object (made by `{}` or JSON.parse, or with a null prototype): the only kind rebuilt by deep walks. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
