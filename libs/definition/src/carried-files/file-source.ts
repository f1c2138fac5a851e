/** How the loader sees the files beside an ensemble: paths relative to the ensembles directory. */
import { posix } from 'node:path';

/** The text of a file relative to the ensembles directory, or undefined when there is none. */
export type ReadFile = (relativePath: string) => string | undefined;

/** `scripts/x.ts` as a clean relative path, or undefined when it leaves the ensembles directory. */
export function relativeFilePath(written: string): string | undefined {
  const normalised = posix.normalize(written.trim().replaceAll('\\', '/'));
  if (normalised.startsWith('/') || normalised === '..' || normalised.startsWith('../') || normalised === '.')
    return undefined;
  return normalised;
}
