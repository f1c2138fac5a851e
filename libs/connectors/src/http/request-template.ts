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

/**
 * Fills the placeholders of a text (an email body or subject) as text: every value is interpolated,
 * HTML-escaped when `html` is set, so data can never add markup to an HTML template.
 */
export function fillText(text: string, data: unknown, options: { readonly html: boolean }): string {
  return text.replace(PLACEHOLDER, (_match, path: string) => {
    const value = interpolated(lookup(data, path));
    return options.html ? escapeHtml(value) : value;
  });
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** The escapes Handlebars applies to `{{x}}`, so both kinds of template escape alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (character) => HTML_ESCAPES[character]);
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
