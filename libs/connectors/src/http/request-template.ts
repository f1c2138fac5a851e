/**
 * Fills the `{{name}}` placeholders of a template (`templates:` of type http-request) from the
 * `data` given where it is used. Names may be dotted paths (`{{customer.email}}`). A string that is
 * exactly one placeholder takes the value with its type (a number stays a number in a JSON body);
 * inside a longer string a value is interpolated (objects as JSON, null and missing values as '').
 * Filling happens after expression evaluation, so data can never become an expression.
 */

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const EXACT_PLACEHOLDER = /^\{\{\s*([^{}\s]+)\s*\}\}$/;

export function fillTemplate(value: unknown, data: unknown): unknown {
  if (typeof value === 'string') return fillString(value, data);
  if (Array.isArray(value)) return value.map((item) => fillTemplate(item, data));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillTemplate(item, data)]));
  }
  return value;
}

function fillString(text: string, data: unknown): unknown {
  const exact = EXACT_PLACEHOLDER.exec(text);
  if (exact) return lookup(data, exact[1]);
  return text.replace(PLACEHOLDER, (_match, path: string) => interpolated(lookup(data, path)));
}

function lookup(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function interpolated(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
