import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CommandIo } from '../command';
import { findRepository } from './repository';

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

/**
 * `cliInvocation` for this build, for hints such as "follow it with: … runs show <id>": the
 * checkout's `dev` when this CLI runs from a checkout, else plain `baton` (an installed package).
 */
export function pasteableCli(io: Pick<CommandIo, 'env' | 'cwd'>): string {
  const repository = findRepository();
  if (repository === undefined || !existsSync(path.join(repository.root, 'dev'))) return 'baton';
  return cliInvocation(io.env, io.cwd, repository.root);
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
