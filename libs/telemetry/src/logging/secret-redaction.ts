/**
 * Anything that knows secret values and can mask them in a text: the `SecretSet` of
 * @baton/expressions fits (typed structurally so telemetry does not depend on the expressions lib).
 */
export interface SecretRedactor {
  redact(text: string): unknown;
}

export const REDACTED = '[redacted]';

/** Names of fields that carry credentials whatever their value (matched anywhere in the key). */
const SECRET_FIELD =
  /authorization|cookie|secret|token|password|passwd|signature|api[-_]?key|credential|private[-_]?key/i;

export function isSecretField(key: string): boolean {
  return SECRET_FIELD.test(key);
}

/**
 * A copy of `value` safe to write out: values of secret-bearing fields become `[redacted]` (numbers and
 * booleans are kept, so `promptTokens: 120` survives), and every string, and every number's text,
 * passes through `secrets` (a SecretSet also masks what was computed from a secret and the common
 * encodings of one: case, base64, hex, URL-encoding, reversed, JSON-escaped).
 * Errors are copied as errors of the same class, so the logger still serializes them as errors.
 */
export function redactSecrets(value: unknown, secrets?: SecretRedactor): unknown {
  return redactValue(value, secrets, new WeakSet());
}

function redactValue(
  value: unknown,
  secrets: SecretRedactor | undefined,
  ancestors: WeakSet<object>,
): unknown {
  if (typeof value === 'string') return secrets ? String(secrets.redact(value)) : value;
  // A number whose digits are a secret (a PIN parsed from env) is masked like the text would be,
  // as a string, so that the line stays valid JSON.
  if (typeof value === 'number' && secrets && Number.isFinite(value)) {
    const text = String(value);
    return secrets.redact(text) === text ? value : REDACTED;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, ancestors));
    if (value instanceof Error) return redactError(value, secrets, ancestors);
    if (!isPlainObject(value)) return value; // Dates, Buffers…: left to the serializer
    return redactFields(value, secrets, ancestors, {});
  } finally {
    ancestors.delete(value); // only an ancestor makes a cycle; the same object twice side by side is fine
  }
}

function redactFields<T extends object>(
  source: object,
  secrets: SecretRedactor | undefined,
  ancestors: WeakSet<object>,
  copy: T,
): T {
  for (const [key, field] of Object.entries(source)) {
    (copy as Record<string, unknown>)[key] =
      isSecretField(key) && isMaskable(field) ? REDACTED : redactValue(field, secrets, ancestors);
  }
  return copy;
}

function redactError(error: Error, secrets: SecretRedactor | undefined, ancestors: WeakSet<object>): Error {
  const copy = redactFields(
    error,
    secrets,
    ancestors,
    Object.create(Object.getPrototypeOf(error) as object) as Error,
  );
  const hidden = (value: unknown) => ({ value, writable: true, configurable: true, enumerable: false });
  Object.defineProperties(copy, {
    message: hidden(redactValue(error.message, secrets, ancestors)),
    stack: hidden(redactValue(error.stack, secrets, ancestors)),
    ...(error.cause === undefined ? {} : { cause: hidden(redactValue(error.cause, secrets, ancestors)) }),
  });
  return copy;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function isMaskable(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'number' && typeof value !== 'boolean';
}
