import type { Evaluation } from '../evaluate/evaluation';

/** One allow-listed method: receives the value it is called on and the evaluated arguments. */
export type Method<T> = (receiver: T, args: readonly unknown[], evaluation: Evaluation) => unknown;

/** A table of methods by name, without a prototype, so that no inherited name is ever found. */
export type MethodTable<T> = ReadonlyMap<string, Method<T>>;

export function methodTable<T>(methods: Record<string, Method<T>>): MethodTable<T> {
  return new Map(Object.entries(methods));
}
