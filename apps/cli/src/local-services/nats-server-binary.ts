import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `start` finds nats-server: NATS_SERVER_BIN when set, else PATH, else the places packages
 * put it without always being on PATH (Debian's /usr/sbin is not on a normal user's PATH).
 */
export const USUAL_NATS_SERVER_DIRS = [
  '/usr/sbin',
  '/usr/local/sbin',
  '/usr/local/bin',
  '/opt/homebrew/bin', // Homebrew on Apple silicon
  '/home/linuxbrew/.linuxbrew/bin',
  '/snap/bin',
] as const;

export const NATS_SERVER_MISSING =
  'nats-server is not installed: apt-get install nats-server (Debian, Ubuntu) or brew install nats-server (macOS), or run everything in containers with docker compose up';

export type NatsServerBinary =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string };

export function findNatsServer(
  env: Readonly<Record<string, string | undefined>>,
  isExecutable: (file: string) => boolean = isExecutableFile,
): NatsServerBinary {
  const chosen = env.NATS_SERVER_BIN;
  if (chosen) {
    return isExecutable(chosen)
      ? { ok: true, path: chosen }
      : { ok: false, message: `NATS_SERVER_BIN: ${chosen} is not an executable file` };
  }
  const home = env.HOME ? [path.join(env.HOME, 'go/bin')] : []; // `go install` puts it there
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
    ...USUAL_NATS_SERVER_DIRS,
    ...home,
  ];
  const found = dirs.map((dir) => path.join(dir, 'nats-server')).find((file) => isExecutable(file));
  return found ? { ok: true, path: found } : { ok: false, message: NATS_SERVER_MISSING };
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
