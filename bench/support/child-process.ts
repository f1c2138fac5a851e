/**
 * A helper program of a benchmark (a baseline server, a BullMQ worker) as its own Node process,
 * ready once it prints a line matching `ready`. Its stderr goes to the bench's, so a crash is read
 * where the bench fails.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildProgram {
  readonly pid: number;
  /** The ready line's match (its groups carry what the program announced, such as its port). */
  readonly ready: RegExpExecArray;
  /** SIGTERM, and SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

export async function startChildProgram(
  what: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 20_000,
): Promise<ChildProgram> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} was not ready after ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = ready.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    pid: child.pid as number,
    ready: match,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
    },
  };
}
