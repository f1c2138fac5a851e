import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export type LineListener = (line: string, stream: 'stdout' | 'stderr') => void;

/** What to run: a Baton service (`node dist/apps/<name>/src/main.js`), nats-server, PostgreSQL. */
export interface ChildCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /**
   * It starts helpers of its own (PostgreSQL's server processes): a kill reaches its whole process
   * group, so none outlives it.
   */
  readonly killGroup?: boolean;
}

/**
 * One process of `baton start` as a child: its output line by line, its exit, and a graceful stop
 * (SIGTERM, then SIGKILL after the grace period).
 *
 * Each child leads its own process group (`detached`), so a Ctrl-C in the terminal reaches `baton`
 * alone and each child receives exactly one SIGTERM from it, instead of the terminal's SIGINT and
 * then ours.
 */
export class ChildService {
  readonly exited: Promise<ChildExit>;
  private readonly child: ChildProcess;
  private readonly listeners: LineListener[];
  private exit: ChildExit | undefined;

  constructor(
    readonly spec: ChildCommand,
    cwd: string,
    onLine: LineListener,
  ) {
    this.listeners = [onLine];
    this.child = spawn(spec.command, [...spec.args], {
      cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // Both are pipes (stdio above), so both streams exist.
    for (const [stream, input] of [
      ['stdout', this.child.stdout],
      ['stderr', this.child.stderr],
    ] as const) {
      if (input)
        createInterface({ input, crlfDelay: Infinity }).on('line', (line) => this.emit(line, stream));
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      // Spawning itself failed (no such file, …): reported as an exit, since the process never ran.
      this.child.once('error', (error) => {
        this.emit(`could not start: ${error.message}`, 'stderr');
        this.exit = { code: null, signal: null };
        resolve(this.exit);
      });
    });
  }

  get name(): string {
    return this.spec.name;
  }

  /** Also calls `listener` with each later line (a readiness check watching for its line). */
  onLine(listener: LineListener): void {
    this.listeners.push(listener);
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

  private emit(line: string, stream: 'stdout' | 'stderr'): void {
    for (const listener of this.listeners) listener(line, stream);
  }

  private signal(signal: NodeJS.Signals): void {
    // kill() reports a process that is already gone by returning false: nothing left to stop then.
    if (this.exit) return;
    const { pid } = this.child;
    if (signal === 'SIGKILL' && this.spec.killGroup && pid !== undefined) {
      try {
        process.kill(-pid, signal); // detached: the group is the child's own
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    this.child.kill(signal);
  }
}

/** `exit code 1`, `killed by SIGKILL`. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'did not start' : `exit code ${exit.code}`;
}
