/**
 * Secret tracking. Every string an expression reads through `env` is reported to
 * `options.secrets`, and so is every value the evaluation computed from one (taint, see
 * evaluate/taint.ts). A SecretSet collects them and redacts them from anything about to be written
 * (events, logs, errors):
 *
 * - a value read from `env` (4 characters or more) is masked wherever it occurs; from 8 characters
 *   on, so are its common encodings, case ignored (secret-variants.ts);
 * - a value computed from one is masked wherever it occurs (4 characters or more), or, when
 *   shorter (a piece of a split), wherever it is a whole string;
 * - a number whose text is a masked value of 4 characters or more is masked too.
 */
import { defineOwn, isPlainObject } from './evaluate/member-access';
import { jsonEscaped, secretVariants } from './secret-variants';
import type { SecretRecorder } from './types';

export const REDACTED = '[redacted]';

/**
 * Shorter values are not masked inside other text: masking every `1` or `abc` would wreck unrelated
 * text, and a value that short is no secret anyway.
 */
export const MIN_SECRET_LENGTH = 4;

/** Secrets from this length on are also masked in their encodings, case ignored. */
export const MIN_ENCODED_SECRET_LENGTH = 8;

export class SecretSet implements SecretRecorder {
  private readonly read = new Set<string>();
  private readonly derived = new Set<string>();
  /** Computed values under MIN_SECRET_LENGTH: masked only as whole strings. */
  private readonly whole = new Set<string>();
  private pattern: RegExp | null | undefined;

  record(value: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.read.has(value)) return;
    this.read.add(value);
    this.pattern = undefined;
  }

  recordDerived(value: string): void {
    if (typeof value !== 'string' || value === '') return;
    if (value.length < MIN_SECRET_LENGTH) this.whole.add(value);
    else if (!this.read.has(value) && !this.derived.has(value)) {
      this.derived.add(value);
      this.pattern = undefined;
    }
  }

  get size(): number {
    return this.read.size + this.derived.size + this.whole.size;
  }

  /**
   * A deep copy of `value` in which every recorded secret inside a string (object keys excepted) is
   * replaced by REDACTED, as is a string or number that is a whole secret. Arrays, plain objects and
   * errors are copied; other objects (dates) are kept as they are.
   */
  redact<T>(value: T): T {
    const pattern = this.matcher();
    const redactText = (text: string): string => {
      if (this.whole.has(text)) return REDACTED;
      return pattern === null ? text : text.replace(pattern, REDACTED);
    };
    const redactNumber = (number: number): number | string => {
      const text = String(number);
      return text.length >= MIN_SECRET_LENGTH && (this.read.has(text) || this.derived.has(text))
        ? REDACTED
        : number;
    };
    return deepMapStrings(value, redactText, redactNumber) as T;
  }

  // One alternation of every text, longest first, so that a secret containing another (or a value
  // computed from one, like 'Bearer ' + secret) is masked whole. Read secrets of 8 characters or
  // more, and their encodings, match whatever their case.
  private matcher(): RegExp | null {
    if (this.pattern === undefined) {
      const alternatives = new Map<string, boolean>();
      const add = (text: string, caseless: boolean): void => {
        if (alternatives.get(text) !== true) alternatives.set(text, caseless);
      };
      for (const value of this.derived) for (const text of [value, jsonEscaped(value)]) add(text, false);
      for (const secret of this.read) {
        const caseless = secret.length >= MIN_ENCODED_SECRET_LENGTH;
        for (const text of [secret, jsonEscaped(secret)]) add(text, caseless);
        if (caseless) for (const variant of secretVariants(secret, MIN_SECRET_LENGTH)) add(variant, true);
      }
      const source = [...alternatives]
        .sort(([a], [b]) => b.length - a.length)
        .map(([text, caseless]) => {
          const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          // A modifier group (ES2025, Node 23+): this alternative ignores case, the others do not.
          return caseless ? `(?i:${escaped})` : escaped;
        })
        .join('|');
      this.pattern = source === '' ? null : new RegExp(source, 'g');
    }
    return this.pattern;
  }
}

/**
 * The environment to put in a scope as `env`: a frozen snapshot, without prototype, of the variables
 * that are set. The evaluator reports every value read from `env` to `options.secrets` and refuses
 * any use of `env` as a whole (`Object.values(env)`, `{...env}`, `${env}`), so each secret an
 * expression uses is read, and recorded, by name.
 */
export function secretEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const snapshot = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') snapshot[name] = value;
  return Object.freeze(snapshot);
}

// Copies without recursion (a hostile payload may be nested thousands deep), keeping shared
// references shared; every container's keys are laid out first so that key order is kept.
function deepMapStrings(
  value: unknown,
  mapText: (text: string) => string,
  mapNumber: (number: number) => unknown,
): unknown {
  const copies = new Map<object, unknown>();
  const pending: { target: Record<string, unknown>; key: string; value: unknown }[] = [];
  const copyOf = (node: unknown): unknown => {
    if (typeof node === 'string') return mapText(node);
    if (typeof node === 'number') return mapNumber(node);
    if (node === null || typeof node !== 'object') return node;
    const known = copies.get(node);
    if (known !== undefined) return known;
    let copy: Record<string, unknown>;
    if (Array.isArray(node)) copy = new Array(node.length) as unknown as Record<string, unknown>;
    else if (node instanceof Error)
      copy = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
    else if (isPlainObject(node))
      copy = Object.getPrototypeOf(node) === null ? (Object.create(null) as Record<string, unknown>) : {};
    else return node;
    copies.set(node, copy);
    const source = node as Record<string, unknown>;
    if (node instanceof Error) {
      // Errors keep `message` and `stack` as non-enumerable own properties (`stack` may even be an
      // accessor): copy each as a data property with the same enumerability.
      for (const key of Object.getOwnPropertyNames(node)) {
        const { enumerable } = Object.getOwnPropertyDescriptor(node, key) as PropertyDescriptor;
        Object.defineProperty(copy, key, {
          value: undefined,
          writable: true,
          configurable: true,
          enumerable,
        });
        pending.push({ target: copy, key, value: source[key] });
      }
    } else {
      for (const key of Object.keys(source)) {
        defineOwn(copy, key, undefined);
        pending.push({ target: copy, key, value: source[key] });
      }
    }
    return copy;
  };
  const root = copyOf(value);
  for (let task = pending.pop(); task !== undefined; task = pending.pop())
    task.target[task.key] = copyOf(task.value);
  return root;
}
