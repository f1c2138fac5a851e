/**
 * The nesting depth of a JSON text, measured on the text before it is parsed: every later step
 * that walks a value recursively (JSON.stringify when the run is published, schema validation,
 * expressions) would overflow the stack on a body nested thousands deep, so such a body is refused
 * first, in one linear scan that never recurses.
 */

/** Deepest nesting of arrays and objects a request body may have (the JSON of a run input). */
export const MAX_JSON_DEPTH = 256;

const OPEN_ARRAY = 0x5b; // [
const OPEN_OBJECT = 0x7b; // {
const CLOSE_ARRAY = 0x5d; // ]
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/** The offset of the first bracket that opens level `limit + 1`, or undefined when the text stays within it. */
export function jsonTooDeepAt(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  if (text.length <= limit) return undefined; // too short to hold limit + 1 brackets
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > limit) return index;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return undefined;
}
