import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PlannedService } from './stack-plan';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export type LineListener = (line: string, stream: 'stdout' | 'stderr') => void;

/**
 * One service of `baton start` as a child process: its output line by line, its exit, and a
 * graceful stop (SIGTERM, then SIGKILL after the grace period).
 *
 * Each child leads its own process group (`detached`), so a Ctrl-C in the terminal reaches `baton`
 * alone and each service receives exactly one SIGTERM from it, instead of the terminal's SIGINT and
 * then ours.
 */
export class ChildService {
  readonly exited: Promise<ChildExit>;
  private readonly child: ChildProcess;
  private exit: ChildExit | undefined;

  constructor(
    readonly service: PlannedService,
    cwd: string,
    onLine: LineListener,
  ) {
    // The Node that runs baton (Node 24) runs the services too.
    this.child = spawn(process.execPath, [service.main], {
      cwd,
      env: service.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // Both are pipes (stdio above), so both streams exist.
    for (const [stream, input] of [
      ['stdout', this.child.stdout],
      ['stderr', this.child.stderr],
    ] as const) {
      if (input) createInterface({ input, crlfDelay: Infinity }).on('line', (line) => onLine(line, stream));
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      // Spawning itself failed (no such file, …): reported as an exit, since the service never ran.
      this.child.once('error', (error) => {
        onLine(`could not start: ${error.message}`, 'stderr');
        this.exit = { code: null, signal: null };
        resolve(this.exit);
      });
    });
  }

  get name(): string {
    return this.service.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** SIGTERM, and SIGKILL if it is still running after `graceMs`. Resolves once it has exited. */
  async stop(graceMs: number): Promise<ChildExit> {
    if (this.exit) return this.exit;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    // kill() reports a process that is already gone by returning false: nothing left to stop then.
    if (!this.exit) this.child.kill(signal);
  }
}

/** `exit code 1`, `killed by SIGKILL`. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'did not start' : `exit code ${exit.code}`;
}
