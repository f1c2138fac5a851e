import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export type EnsemblesDirChoice =
  | { readonly ok: true; readonly dir: string; readonly why: string }
  | { readonly ok: false; readonly message: string };

const LOCAL_DIR = 'ensembles';

/**
 * The directory `start` loads (interfaces.md): ENSEMBLES_DIR when set, else `./ensembles` when it
 * exists, else the repository's `examples/ensembles`. Always absolute: the services may run from
 * another directory than the one it was given relative to.
 */
export function chooseEnsemblesDir(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  examplesEnsemblesDir: string,
): EnsemblesDirChoice {
  const configured = env.ENSEMBLES_DIR?.trim();
  if (configured) {
    const dir = path.resolve(cwd, configured);
    if (!isDirectory(dir)) return { ok: false, message: `ENSEMBLES_DIR ${configured} is not a directory` };
    return { ok: true, dir, why: 'ENSEMBLES_DIR' };
  }
  const local = path.resolve(cwd, LOCAL_DIR);
  if (isDirectory(local)) return { ok: true, dir: local, why: `./${LOCAL_DIR}` };
  if (!isDirectory(examplesEnsemblesDir)) {
    return {
      ok: false,
      message: `no ./${LOCAL_DIR} here and no examples at ${examplesEnsemblesDir}: set ENSEMBLES_DIR`,
    };
  }
  return { ok: true, dir: examplesEnsemblesDir, why: `no ./${LOCAL_DIR} here, so the examples` };
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}
