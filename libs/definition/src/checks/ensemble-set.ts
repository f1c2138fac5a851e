/**
 * Checks across the ensembles of one directory: each name is used once, and each webhook path is
 * served by one ensemble. The later file (in name order) is the one refused.
 */
import type { LoadedFile } from '../load-ensemble';
import type { DefinitionIssue, EnsembleDefinition } from '@baton/model';

export interface EnsembleSet {
  readonly ensembles: EnsembleDefinition[];
  /** Errors and warnings of every file, file by file. */
  readonly issues: DefinitionIssue[];
}

export function checkEnsembleSet(files: readonly LoadedFile[]): EnsembleSet {
  const ensembles: EnsembleDefinition[] = [];
  const issues: DefinitionIssue[] = [];
  const names = new Map<string, EnsembleDefinition>();
  const paths = new Map<string, EnsembleDefinition>();
  for (const file of files) {
    if (!file.result.ok) {
      issues.push(...file.result.issues);
      continue;
    }
    const { definition, warnings } = file.result;
    const refusals: DefinitionIssue[] = [];
    const sameName = names.get(definition.name);
    if (sameName) {
      refusals.push(
        file.issueAt(
          'error',
          'duplicate-ensemble',
          file.namePath,
          `ensemble '${definition.name}' is already defined in ${sameName.source}`,
        ),
      );
    }
    definition.triggers.forEach((trigger, index) => {
      if (trigger.type !== 'webhook') return;
      const owner = paths.get(trigger.path);
      if (owner) {
        refusals.push(
          file.issueAt(
            'error',
            'duplicate-webhook-path',
            [...file.triggerPaths[index], 'path'],
            `webhook path '${trigger.path}' is already used by ensemble '${owner.name}' (${owner.source})`,
          ),
        );
      }
    });
    issues.push(...[...warnings, ...refusals].sort((a, b) => a.line - b.line || a.column - b.column));
    if (refusals.length > 0) continue;
    ensembles.push(definition);
    names.set(definition.name, definition);
    for (const trigger of definition.triggers)
      if (trigger.type === 'webhook') paths.set(trigger.path, definition);
  }
  return { ensembles, issues };
}
