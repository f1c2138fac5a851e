/** The disk, as the loader sees it: the only file reading of the library. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads files relative to `baseDir`; a path that is not a readable file reads as undefined. */
export function readFileUnder(baseDir: string): (relativePath: string) => string | undefined {
  return (relativePath) => readTextFile(join(baseDir, relativePath));
}

export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Names of the `*.yaml` and `*.yml` files directly in `dir`, sorted. */
export function ensembleFileNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

// "not there" (or not a file) is an expected answer for a reference; any other failure is not
function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
