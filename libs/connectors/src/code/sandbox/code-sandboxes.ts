/**
 * Warm sandbox processes for `code` steps, one pool per ensemble revision: a process only ever runs
 * the code of the revision it was started for, with that revision's environment, so the code of one
 * ensemble never shares a process with another's secrets.
 *
 * At most `maxProcesses` live at once across all pools. A step takes an idle process of its pool,
 * else starts one; when the cap is reached it ends the least recently used idle process of another
 * pool, else waits for one to come back. A process that overran, crashed or ran out of memory is never
 * reused; an idle one is stopped after `idleMs`. Idle processes do not keep the worker alive.
 */
import { failed } from '../../outcome';
import type { InitMessage, RunMessage, SandboxEntry } from './sandbox-protocol';
import { SandboxProcess, type SandboxLimits, type SandboxReply } from './sandbox-process';

export interface CodeSandboxOptions extends SandboxLimits {
  readonly maxProcesses: number;
  readonly idleMs: number;
}

export const DEFAULT_CODE_SANDBOX_OPTIONS: CodeSandboxOptions = {
  maxProcesses: 4,
  memoryMb: 128,
  idleMs: 60_000,
  startTimeoutMs: 15_000,
};

/** One step to run: which revision (and how to start a process for it), what to run, and its limit. */
export interface SandboxJob {
  /** `ensemble@revision`. */
  readonly pool: string;
  /** Changes when the revision's code or environment does (tests reuse revision numbers). */
  readonly fingerprint: string;
  /** Built only when a process has to be started. */
  readonly init: () => InitMessage;
  readonly entry: SandboxEntry;
  readonly context: RunMessage['context'];
  readonly limitMs: number;
}

interface Pool {
  readonly name: string;
  readonly fingerprint: string;
  readonly idle: SandboxProcess[];
  readonly all: Set<SandboxProcess>;
}

const MAX_REMEMBERED_POOLS = 256;

export class CodeSandboxes {
  private readonly options: CodeSandboxOptions;
  /** Map order is least recently used first. */
  private readonly pools = new Map<string, Pool>();
  private readonly owners = new Map<SandboxProcess, Pool>();
  private readonly idleTimers = new Map<SandboxProcess, NodeJS.Timeout>();
  private readonly waiting: Array<() => void> = [];
  private live = 0;
  private closed = false;

  constructor(options: Partial<CodeSandboxOptions> = {}) {
    this.options = { ...DEFAULT_CODE_SANDBOX_OPTIONS, ...options };
  }

  /** Processes alive now (for tests and metrics). */
  get size(): number {
    return this.live;
  }

  async run(job: SandboxJob, signal: AbortSignal): Promise<SandboxReply> {
    const pool = this.poolFor(job);
    const process = await this.acquire(pool, job, signal);
    if (process === undefined) {
      return {
        ok: false,
        outcome: failed('timeout', 'the step timed out waiting for a code sandbox', { retryable: true }),
      };
    }
    try {
      await process.ready;
    } catch (error) {
      this.retire(process);
      return {
        ok: false,
        outcome: failed('worker-error', (error as Error).message, { retryable: true }),
      };
    }
    try {
      return await process.call(job.entry, job.context, job.limitMs, signal);
    } finally {
      this.release(pool, process);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.owners.keys()];
    for (const process of all) this.forget(process);
    await Promise.all(all.map((process) => process.stopped()));
    for (const wake of this.waiting.splice(0)) wake();
  }

  private poolFor(job: SandboxJob): Pool {
    let pool = this.pools.get(job.pool);
    if (pool !== undefined && pool.fingerprint !== job.fingerprint) {
      // Another definition under the same name and revision: its processes must not serve this one.
      for (const process of [...pool.all]) if (!process.busy) this.retire(process);
      pool = undefined;
    }
    pool ??= { name: job.pool, fingerprint: job.fingerprint, idle: [], all: new Set() };
    this.pools.delete(job.pool);
    this.pools.set(job.pool, pool);
    this.forgetEmptyPools();
    return pool;
  }

  private async acquire(
    pool: Pool,
    job: SandboxJob,
    signal: AbortSignal,
  ): Promise<SandboxProcess | undefined> {
    for (;;) {
      if (this.closed || signal.aborted) return undefined;
      const idle = this.takeIdle(pool);
      if (idle !== undefined) return idle;
      if (this.live < this.options.maxProcesses || this.evictIdleElsewhere(pool))
        return this.start(pool, job);
      await this.nextRelease(signal);
    }
  }

  private takeIdle(pool: Pool): SandboxProcess | undefined {
    for (let process = pool.idle.pop(); process !== undefined; process = pool.idle.pop()) {
      clearTimeout(this.idleTimers.get(process));
      this.idleTimers.delete(process);
      if (process.alive) return process;
    }
    return undefined;
  }

  private start(pool: Pool, job: SandboxJob): SandboxProcess {
    const process = new SandboxProcess(job.init(), this.options);
    // A start that fails is reported by `ready`; this only stops an unhandled rejection warning.
    process.ready.catch(() => undefined);
    this.live++;
    pool.all.add(process);
    this.owners.set(process, pool);
    process.onExit(() => this.forget(process));
    return process;
  }

  /** Ends the least recently used idle process of another pool; false when there is none. */
  private evictIdleElsewhere(except: Pool): boolean {
    for (const pool of this.pools.values()) {
      if (pool === except) continue;
      const process = pool.idle.shift();
      if (process !== undefined) {
        this.retire(process);
        return true;
      }
    }
    return false;
  }

  private release(pool: Pool, process: SandboxProcess): void {
    if (!process.alive || this.pools.get(pool.name) !== pool || this.closed) {
      this.retire(process);
      return;
    }
    process.idle();
    pool.idle.push(process);
    const timer = setTimeout(() => this.retire(process), this.options.idleMs);
    timer.unref();
    this.idleTimers.set(process, timer);
    this.waiting.shift()?.();
  }

  /** Stops a process and frees its place at once (its exit is only awaited by `close`). */
  private retire(process: SandboxProcess): void {
    this.forget(process);
    process.stop();
  }

  private forget(process: SandboxProcess): void {
    clearTimeout(this.idleTimers.get(process));
    this.idleTimers.delete(process);
    const pool = this.owners.get(process);
    if (pool === undefined) return;
    this.owners.delete(process);
    pool.all.delete(process);
    const index = pool.idle.indexOf(process);
    if (index >= 0) pool.idle.splice(index, 1);
    this.live--;
    this.waiting.shift()?.();
  }

  /** Pools without processes are only names; past a few hundred, the least recently used go. */
  private forgetEmptyPools(): void {
    if (this.pools.size <= MAX_REMEMBERED_POOLS) return;
    for (const [name, pool] of this.pools) {
      if (this.pools.size <= MAX_REMEMBERED_POOLS) return;
      if (pool.all.size === 0) this.pools.delete(name);
    }
  }

  private nextRelease(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        signal.removeEventListener('abort', wake);
        const index = this.waiting.indexOf(wake);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve();
      };
      this.waiting.push(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
