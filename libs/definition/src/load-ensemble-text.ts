import { readFileUnder } from './files/disk-files';
import { loadEnsemble } from './load-ensemble';
import type { LoadOptions, LoadResult } from './load-result';

/** Loads an ensemble from YAML text; referenced files are read with `readFile` (default: from `baseDir` on disk). */
export function loadEnsembleText(text: string, options: LoadOptions): LoadResult {
  return loadEnsemble({
    text,
    file: options.file,
    source: options.file,
    readFile: options.readFile ?? readFileUnder(options.baseDir),
  }).result;
}
