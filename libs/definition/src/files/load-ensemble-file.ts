import { dirname, relative } from 'node:path';
import { loadEnsemble, type LoadedFile, unreadableFile } from '../load-ensemble';
import type { LoadResult } from '../load-result';
import { readFileUnder, readTextFile } from './disk-files';

/** Loads one ensemble file; `scripts/` and `schemas/` are looked up in `baseDir` (default: its directory). */
export function loadEnsembleFile(path: string, options: { baseDir?: string } = {}): LoadResult {
  return loadEnsembleFileDetailed(path, options.baseDir ?? dirname(path)).result;
}

export function loadEnsembleFileDetailed(path: string, baseDir: string): LoadedFile {
  const text = readTextFile(path);
  if (text === undefined) return unreadableFile(path, `no such file: ${path}`);
  return loadEnsemble({
    text,
    file: path,
    source: relative(baseDir, path).replaceAll('\\', '/'),
    readFile: readFileUnder(baseDir),
  });
}
