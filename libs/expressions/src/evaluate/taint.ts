/**
 * Taint that follows the value. Once an evaluation reads `env`, every value it computes from what
 * it read is tainted too, and recorded as a secret when it is made (so a caller redacts it as a
 * whole, wherever it ends up): `env.KEY.toUpperCase()`, `.slice(1)`, the pieces of `.split('-')`,
 * `a.slice(0, 4) + a.slice(4)`, a template literal or `JSON.stringify` of an object holding one.
 *
 * Primitives are tainted by value (strings, numbers and bigints in `values`): a string cannot carry
 * a mark, and a value equal to a tainted one within the same evaluation counts as tainted (an
 * over-approximation, on the safe side). Arrays, objects and dates are tainted by identity when they
 * hold a tainted value or were made from one. Only data flows taint: a boolean (a comparison, a
 * test) is not tainted, nor is the branch a condition on a secret chooses.
 *
 * Nothing here costs anything until `env` is read: the evaluation's `taint` stays null.
 */
import type { SecretRecorder } from '../types';
import { isPlainObject } from './member-access';

type Marked = string | number | bigint;

/** How deep `markIfHolding` looks into fresh containers (Object.entries builds pairs in an array). */
const HOLDING_DEPTH = 2;

export class Taint {
  private readonly values = new Set<Marked>();
  private readonly objects = new WeakSet<object>();

  constructor(private readonly recorder: SecretRecorder) {}

  /** Whether `value` is tainted (a tainted primitive, or a container or date marked as such). */
  holds(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'bigint':
        return this.values.has(value);
      case 'object':
        return value !== null && this.objects.has(value);
      default:
        return false;
    }
  }

  /** Whether `value` is a tainted string, number, bigint or date: something a secret was turned into. */
  holdsPrimitive(value: unknown): boolean {
    return this.holds(value) && (typeof value !== 'object' || value instanceof Date);
  }

  anyHolds(values: readonly unknown[]): boolean {
    for (const value of values) if (this.holds(value)) return true;
    return false;
  }

  /** A string read from `env`: tainted, and already recorded by the caller. */
  source(value: string): void {
    this.values.add(value);
  }

  /** Marks one computed value (not what it contains) and records its text as derived from a secret. */
  mark(value: unknown): void {
    switch (typeof value) {
      case 'string':
        if (value === '' || this.values.has(value)) return;
        this.values.add(value);
        this.record(value);
        return;
      case 'number':
        if (!Number.isFinite(value) || this.values.has(value)) return;
        this.values.add(value);
        this.record(String(value));
        return;
      case 'bigint':
        if (this.values.has(value)) return;
        this.values.add(value);
        this.record(String(value));
        return;
      case 'object':
        if (value === null || this.objects.has(value)) return;
        this.objects.add(value);
        if (value instanceof Date && !Number.isNaN(value.getTime())) this.record(value.toISOString());
        return;
      default:
        return;
    }
  }

  /**
   * Marks a value made wholesale from a secret (the array of `split`, the result of `JSON.parse`):
   * every container and every leaf in it. Walks without recursion; the value is fresh, so its size
   * was already paid for when it was built.
   */
  markDeep(value: unknown): void {
    const pending: unknown[] = [value];
    for (let node = pending.pop(); pending.length > 0 || node !== undefined; node = pending.pop()) {
      if (node !== null && typeof node === 'object' && !this.objects.has(node)) {
        if (Array.isArray(node)) pending.push(...node);
        else if (isPlainObject(node)) for (const key of Object.keys(node)) pending.push(node[key]);
      }
      this.mark(node);
    }
  }

  /** Marks an array or object that holds a tainted value (looking into fresh pairs and rows). */
  markIfHolding(value: unknown, depth = HOLDING_DEPTH): boolean {
    if (value === null || typeof value !== 'object') return this.holds(value);
    if (this.objects.has(value)) return true;
    const children = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
    let holding = false;
    for (const child of children) {
      if (this.holds(child)) holding = true;
      // Fresh containers inside (the pairs of Object.entries) are looked into and marked as well.
      else if (depth > 0 && child !== null && typeof child === 'object')
        holding = this.markIfHolding(child, depth - 1) || holding;
      if (holding && depth === 0) break;
    }
    if (holding) this.objects.add(value);
    return holding;
  }

  private record(text: string): void {
    if (this.recorder.recordDerived) this.recorder.recordDerived(text);
    else this.recorder.record(text);
  }
}

/**
 * What a call makes of tainted inputs. `source` is what the result is computed from as a whole: the
 * receiver of a method, or the arguments of a global function (`JSON.parse`, `String`, `Number`…).
 * A result computed from a tainted string, number or date is tainted through and through (the
 * pieces of `split`, the tree of `JSON.parse`, `length`); a text computed from anything tainted is
 * tainted (`join` and `JSON.stringify` of a container holding a secret, `'x'.concat(secret)`); a
 * new array or object is tainted when it holds a tainted value (`list.concat(secret)`, a `map` whose
 * callback used a secret). Elements handed back as they are (`find`, `at`) keep their own taint.
 */
export function taintCall(
  taint: Taint,
  sources: readonly unknown[],
  others: readonly unknown[],
  result: unknown,
): void {
  if (result === null || result === undefined || typeof result === 'boolean') return;
  if (sources.some((source) => taint.holdsPrimitive(source))) return taint.markDeep(result);
  if (typeof result === 'object') {
    taint.markIfHolding(result);
    return;
  }
  // Positions and counts (`indexOf`, `findIndex`) of a secret in other data are not the secret.
  if (typeof result === 'string' && (taint.anyHolds(sources) || taint.anyHolds(others))) taint.mark(result);
}
