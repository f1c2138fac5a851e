/**
 * Reading an operation's evaluated config: each helper returns the value in the type the operation
 * needs or stops the operation with `invalid-config` saying which field is wrong and why.
 */
import { invalidConfig } from './outcome';

export type Fields = Readonly<Record<string, unknown>>;

export function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalidConfig(`${what} must be a string, not ${JSON.stringify(value)}`);
  return value;
}

export function requiredString(value: unknown, what: string): string {
  const text = optionalString(value, what);
  if (text === undefined || text === '') invalidConfig(`${what} is required`);
  return text;
}

/** An object (a mapping); undefined and null read as empty. */
export function objectField(value: unknown, what: string): Fields {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) invalidConfig(`${what} must be an object`);
  return value as Fields;
}

/** A string or a list of strings (recipients); undefined and null read as none. */
export function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '')
      invalidConfig(`${what}${Array.isArray(value) ? `[${index}]` : ''} must be a non-empty string`);
    return item.trim();
  });
}

/** A scalar as text; objects and arrays as JSON. */
export function scalarText(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
