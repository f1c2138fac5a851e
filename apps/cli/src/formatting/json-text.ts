/** JSON values as they read in the terminal: on one line when they fit, shortened in table cells. */

const ELLIPSIS = '…';

/** One line of JSON, cut to `maxLength` characters with `…` when longer; `undefined` reads as nothing. */
export function compactJson(value: unknown, maxLength = Number.POSITIVE_INFINITY): string {
  if (value === undefined) return '';
  return shorten(JSON.stringify(value) ?? String(value), maxLength);
}

/** The value on one line when it fits in `width`, else indented over several lines. */
export function readableJson(value: unknown, width = 80): string {
  const line = compactJson(value);
  return line.length <= width ? line : JSON.stringify(value, null, 2);
}

export function shorten(text: string, maxLength: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length <= maxLength ? flat : `${flat.slice(0, Math.max(0, maxLength - 1))}${ELLIPSIS}`;
}
