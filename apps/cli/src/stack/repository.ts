import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `start` finds what ships with Baton: the built services (`dist/apps/<name>/src/main.js`)
 * and the example ensembles. Both are located from this file, never from the working directory, so
 * `baton start` works from any directory.
 */
export interface Repository {
  readonly root: string;
  readonly examplesDir: string;
  serviceMain(name: string): string;
  /** The services process of `start --single-process` (built beside the CLI). */
  readonly singleProcessHost: string;
}

/** The nearest directory above `from` holding a package.json: the checkout (source or dist/ alike). */
export function findRepository(from: string = __dirname): Repository | undefined {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return {
    root: dir,
    examplesDir: path.join(dir, 'examples'),
    serviceMain: (name) => path.join(dir, 'dist/apps', name, 'src/main.js'),
    singleProcessHost: path.join(dir, 'dist/apps/cli/src/stack/single-process-host.js'),
  };
}
