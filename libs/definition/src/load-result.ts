import type { DefinitionIssue, EnsembleDefinition } from '@baton/model';

export type LoadResult =
  | { readonly ok: true; readonly definition: EnsembleDefinition; readonly warnings: DefinitionIssue[] }
  | { readonly ok: false; /** errors and warnings, in file order */ readonly issues: DefinitionIssue[] };

export interface LoadOptions {
  /** The name issues carry (and the model's `source`), e.g. `ensembles/process-order.yaml`. */
  readonly file: string;
  /** The ensembles directory: `scripts/` and `schemas/` are looked up beside it. */
  readonly baseDir: string;
  /** Reads a file relative to `baseDir`; defaults to the disk. */
  readonly readFile?: (relativePath: string) => string | undefined;
}
