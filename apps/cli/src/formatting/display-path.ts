import path from 'node:path';

/** A path as the user would type it: relative to where they are when it is below it, else absolute. */
export function displayPath(target: string, cwd: string): string {
  const relative = path.relative(cwd, target);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
}
