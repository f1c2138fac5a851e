/** DTO instances and Maps back to plain JSON values (the model holds no class instances). */
import type { Value } from '@baton/model';

export function plainValue(value: unknown): Value {
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([key, item]) => [String(key), plainValue(item)]));
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, plainValue(item)]),
    );
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
    return value;
  return null;
}

/** A plain mapping, or an empty one when the value is something else (already reported). */
export function plainMapping(value: unknown): { [key: string]: Value } {
  const plain = plainValue(value);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain)
    ? (plain as { [key: string]: Value })
    : {};
}

export function optionalValue(value: unknown): Value | undefined {
  return value === undefined ? undefined : plainValue(value);
}

export function integerOr(value: unknown, fallback: number): number {
  return Number.isInteger(value) ? (value as number) : fallback;
}

export function stringOr<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

/** Drops keys whose value is undefined, so the model stays plain JSON. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
