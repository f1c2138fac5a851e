import { join } from 'node:path';
import { checkEnsembleSet, type EnsembleSet } from '../checks/ensemble-set';
import { ensembleFileNames } from './disk-files';
import { loadEnsembleFileDetailed } from './load-ensemble-file';

/** Loads every `*.yaml`/`*.yml` directly in `dir`, and checks them together (names, webhook paths). */
export function loadEnsembleDir(dir: string): EnsembleSet {
  return checkEnsembleSet(
    ensembleFileNames(dir).map((name) => loadEnsembleFileDetailed(join(dir, name), dir)),
  );
}
