/**
 * Plain-text tables for the terminal: columns aligned with two spaces between them, the last one
 * left ragged so long details never push the line wider than they are.
 */
export interface TableOptions {
  /** Prefix of every line, e.g. two spaces under a heading. */
  readonly indent?: string;
}

const GAP = '  ';

export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column] ?? ''))));
  const indent = options.indent ?? '';
  return all
    .map((row) => {
      const cells = header.map((_, column) => {
        const cell = row[column] ?? '';
        const last = column === header.length - 1;
        return last ? cell : cell + ' '.repeat(widths[column] - displayWidth(cell));
      });
      return `${indent}${cells.join(GAP)}`.trimEnd();
    })
    .map((line) => `${line}\n`)
    .join('');
}

// Code points, not UTF-16 units: `…` and `✓` take one column like any letter.
function displayWidth(text: string): number {
  return [...text].length;
}
