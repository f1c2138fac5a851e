// How the text of a variable becomes a value. Text that does not convert is returned as is, so the
// validator rejects it and the message shows what was given.

/** Decimal integers, surrounding blanks allowed. */
export function parseInteger(text: string): unknown {
  return /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

/** `a, b,c` → ['a', 'b', 'c']; empty entries are dropped. */
export function parseCommaList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
