import type { DefinitionIssue, EnsembleDefinition } from '@baton/model';

export interface LoadedEnsemble {
  readonly definition: EnsembleDefinition;
  /** The file it came from, relative to the working directory. */
  readonly file: string;
}

/** What `baton validate` found in the files and directories it was given. */
export interface ValidationResult {
  /** Ensembles that loaded without error, in the order their files were given and listed. */
  readonly ensembles: readonly LoadedEnsemble[];
  /** Errors and warnings, with `file` relative to the working directory. */
  readonly issues: readonly DefinitionIssue[];
  /** Directories that held no ensemble file at all (most likely a wrong path). */
  readonly emptyDirectories: readonly string[];
}

export function errorsOf(result: ValidationResult): readonly DefinitionIssue[] {
  return result.issues.filter((issue) => issue.severity === 'error');
}

export function warningsOf(result: ValidationResult): readonly DefinitionIssue[] {
  return result.issues.filter((issue) => issue.severity === 'warning');
}

/** Valid means: no error, and something was validated. Warnings do not make a definition invalid. */
export function isValid(result: ValidationResult): boolean {
  return errorsOf(result).length === 0 && result.emptyDirectories.length === 0;
}
