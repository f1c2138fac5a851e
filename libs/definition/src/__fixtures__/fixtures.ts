/** Loads the YAML fixtures of this folder in specs (scripts/ and schemas/ live beside them). */
import { join } from 'node:path';
import { loadEnsembleFile } from '../files/load-ensemble-file';
import type { LoadResult } from '../load-result';
import type { DefinitionIssue, EnsembleDefinition } from '@baton/model';

export const FIXTURES = __dirname;

/** Loads `name` (e.g. `invalid/unknown-operation.yaml`) with this folder as the ensembles directory. */
export function loadFixture(name: string): LoadResult {
  return loadEnsembleFile(join(FIXTURES, name), { baseDir: FIXTURES });
}

/** The definition of a fixture that must load; fails with its issues otherwise. */
export function definitionOf(name: string): EnsembleDefinition {
  const result = loadFixture(name);
  if (!result.ok)
    throw new Error(
      `${name} did not load:\n${result.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`).join('\n')}`,
    );
  return result.definition;
}

/** The issues of a fixture that must not load. */
export function issuesOf(name: string): DefinitionIssue[] {
  const result = loadFixture(name);
  if (result.ok) throw new Error(`${name} loaded, but it should have been refused`);
  return result.issues;
}

/** `line:col code message` of each issue, compact enough to assert exactly. */
export function summary(issues: readonly DefinitionIssue[]): string[] {
  return issues.map(
    (issue) => `${issue.line}:${issue.column} ${issue.severity} ${issue.code} ${issue.message}`,
  );
}
