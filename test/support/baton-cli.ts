/** The built `baton` CLI as a child process, for end-to-end suites (after `npm run build`). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes';

export const CLI_MAIN = join(ROOT, 'dist/apps/cli/src/main.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The whole environment of the CLI (not merged with this process's). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Starts `node dist/apps/cli/src/main.js <args>`; asynchronous, so the stack's log pipes keep draining. */
export function spawnBaton(args: readonly string[], options: CliOptions): ChildProcess {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run npm run build first`);
  return spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `baton <args>` to its end. */
export function baton(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const child = spawnBaton(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
