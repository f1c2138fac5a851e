/**
 * An ensemble revision as text a person reads (YAML of the stored model, without what the loader
 * adds for machines), and the line diff between two revisions.
 */
import { structuredPatch } from 'diff';
import { stringify } from 'yaml';
import type { EnsembleDefinition } from '@baton/model';

/** Keys the loader derives (source positions, references, carried files): not part of what was written. */
const DERIVED_KEYS = new Set(['location', 'references', 'files', 'source']);

export function definitionYaml(definition: EnsembleDefinition): string {
  return stringify(readable(definition) ?? {}, { lineWidth: 100, aliasDuplicateObjects: false });
}

/** The scripts and schemas the revision carries: path → text, sorted by path. */
export function carriedFiles(definition: EnsembleDefinition): Array<{ path: string; text: string }> {
  return Object.entries(definition.files ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ path, text }));
}

function readable(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(readable).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => !DERIVED_KEYS.has(key))
      .map(([key, inner]) => [key, readable(inner)] as const)
      .filter(([, inner]) => inner !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}

export type DiffRow =
  | {
      readonly kind: 'added' | 'removed' | 'same';
      readonly text: string;
      readonly oldLine?: number;
      readonly newLine?: number;
    }
  | { readonly kind: 'gap'; readonly text: string };

/** A unified diff with 3 lines of context, as rows; no rows when the texts are equal. */
export function lineDiff(before: string, after: string): DiffRow[] {
  const patch = structuredPatch('before', 'after', before, after, '', '', { context: 3 });
  const rows: DiffRow[] = [];
  for (const [index, hunk] of patch.hunks.entries()) {
    if (index > 0 || hunk.oldStart > 1) rows.push({ kind: 'gap', text: `@@ line ${hunk.newStart} @@` });
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line.startsWith('+')) rows.push({ kind: 'added', text, newLine: newLine++ });
      else if (line.startsWith('-')) rows.push({ kind: 'removed', text, oldLine: oldLine++ });
      else if (line.startsWith(' '))
        rows.push({ kind: 'same', text, oldLine: oldLine++, newLine: newLine++ });
      // '\ No newline at end of file' says nothing a reader needs here
    }
  }
  return rows;
}
