/**
 * Secret tracking. Every string an expression reads through `env` is reported to
 * `options.secrets`; a SecretSet collects them and redacts them from anything about to be written
 * (events, logs, errors), by substring replacement, the way CI systems mask secrets. A secret that
 * was transformed (upper-cased, base64-encoded, sliced) is no longer recognised.
 */
import { defineOwn, isPlainObject } from './evaluate/member-access';
import type { SecretRecorder } from './types';

export const REDACTED = '[redacted]';

/**
 * Shorter values are not recorded: masking every `1` or `abc` would wreck unrelated text, and a
 * value that short is no secret anyway.
 */
export const MIN_SECRET_LENGTH = 4;

export class SecretSet implements SecretRecorder {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  record(value: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.pattern = null;
  }

  get size(): number {
    return this.secrets.size;
  }

  /**
   * A deep copy of `value` in which every occurrence of a recorded secret inside a string (object
   * keys excepted) is replaced by REDACTED. Arrays, plain objects and errors are copied; other
   * objects (dates) are kept as they are.
   */
  redact<T>(value: T): T {
    const redactText = (text: string): string =>
      this.secrets.size === 0 ? text : text.replace(this.matcher(), REDACTED);
    return deepMapStrings(value, redactText) as T;
  }

  // One alternation of every secret, longest first, so that a secret containing another is masked whole.
  private matcher(): RegExp {
    if (this.pattern === null) {
      const alternatives = [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.pattern = new RegExp(alternatives.join('|'), 'g');
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
function deepMapStrings(value: unknown, mapText: (text: string) => string): unknown {
  const copies = new Map<object, unknown>();
  const pending: { target: Record<string, unknown>; key: string; value: unknown }[] = [];
  const copyOf = (node: unknown): unknown => {
    if (typeof node === 'string') return mapText(node);
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
