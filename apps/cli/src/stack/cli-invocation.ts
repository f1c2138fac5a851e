import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * How the user runs this CLI from where they are, for lines meant to be pasted: `baton` when a
 * `baton` is on PATH, else the checkout's `dev` script as reached from the working directory
 * (`./dev baton`, `./baton/dev baton`, or its absolute path).
 */
export function cliInvocation(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  root: string,
): string {
  if (onPath('baton', env.PATH ?? '')) return 'baton';
  const dev = path.join(root, 'dev');
  const relative = path.relative(cwd, dev);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? dev : `./${relative}`;
  return `${/[^\w./-]/.test(shown) ? `'${shown}'` : shown} baton`;
}

function onPath(command: string, searchPath: string): boolean {
  return searchPath
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => isExecutableFile(path.join(dir, command)));
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}
