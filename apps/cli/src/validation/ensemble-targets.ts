import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadEnsembleDir, loadEnsembleFile, type EnsembleSet, type LoadResult } from '@baton/definition';
import type { DefinitionIssue } from '@baton/model';
import type { LoadedEnsemble, ValidationResult } from './validation-result';

export type TargetsOutcome =
  { readonly ok: true; readonly result: ValidationResult } | { readonly ok: false; readonly message: string };

/**
 * Loads every ensemble named on the command line: a file on its own (its scripts and schemas
 * beside it), or every ensemble file of a directory. Paths in the result are relative to `cwd`,
 * as the user typed them, so `file:line:col` links work from the terminal.
 */
export async function loadEnsembleTargets(targets: readonly string[], cwd: string): Promise<TargetsOutcome> {
  const ensembles: LoadedEnsemble[] = [];
  const issues: DefinitionIssue[] = [];
  const emptyDirectories: string[] = [];

  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const kind = await pathKind(absolute);
    if (kind === 'missing') return { ok: false, message: `${target}: no such file or directory` };

    const baseDir = kind === 'directory' ? absolute : path.dirname(absolute);
    const display = (file: string) => path.relative(cwd, path.resolve(baseDir, file)) || '.';
    const loaded =
      kind === 'directory' ? loadEnsembleDir(absolute) : asEnsembleSet(loadEnsembleFile(absolute));

    if (kind === 'directory' && loaded.ensembles.length === 0 && loaded.issues.length === 0) {
      emptyDirectories.push(path.relative(cwd, absolute) || '.');
    }
    ensembles.push(
      ...loaded.ensembles.map((definition) => ({ definition, file: display(definition.source) })),
    );
    issues.push(...loaded.issues.map((issue) => ({ ...issue, file: display(issue.file) })));
  }
  return { ok: true, result: { ensembles, issues, emptyDirectories } };
}

async function pathKind(absolute: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    return (await stat(absolute)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

// One file reads like a directory of one: its definition (with its warnings), or its issues.
function asEnsembleSet(result: LoadResult): EnsembleSet {
  return result.ok
    ? { ensembles: [result.definition], issues: result.warnings }
    : { ensembles: [], issues: result.issues };
}
