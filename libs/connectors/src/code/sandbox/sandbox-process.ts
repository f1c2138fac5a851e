/**
 * One sandbox process: a Node child started under the permission model, which runs one `code` step
 * at a time for one ensemble revision (sandbox-host.ts), and is stopped when a step overruns its
 * time, exhausts its memory, or the process misbehaves.
 *
 * Flags and limits:
 * - `--permission`: no child processes, worker threads, native addons, WASI or inspector; file
 *   reads and writes only inside the process's own scratch directory (its working directory).
 * - `--max-old-space-size`: the JavaScript heap; a bomb ends the process (reported as `memory-limit`).
 * - an address-space limit (`prlimit --as`, on Linux) bounds memory outside the heap (buffers):
 *   allocations past it fail inside the step instead of taking the host's memory.
 * - the environment holds nothing of the worker's: `init` sets exactly the named variables.
 * - stdout is dropped (it may print secrets); the tail of stderr is kept only to tell an
 *   out-of-memory end from other crashes, and is never logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failed, type FailedOutcome } from '../../outcome';
import type { HostMessage, InitMessage, RunMessage, SandboxEntry } from './sandbox-protocol';

export interface SandboxLimits {
  /** JavaScript heap of one process, in MiB. */
  readonly memoryMb: number;
  /** How long a process may take to start and load its revision. */
  readonly startTimeoutMs: number;
}

export type SandboxReply =
  { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly outcome: FailedOutcome };

/** Address space Node reserves but does not use (V8's cages and code range, thread stacks): measured ~1.1–1.3 GiB. */
const RUNTIME_RESERVATION_MB = 1536;
const STDERR_TAIL_BYTES = 4096;
const OUT_OF_MEMORY = /heap out of memory|reached heap limit|allocation failed/i;
const PRLIMIT_PATHS = ['/usr/bin/prlimit', '/bin/prlimit'];
/** Failure codes a sandbox may report; anything else it claims is a `script-error`. */
const HOST_CODES = new Set<string>([
  'script-error',
  'script-compile-error',
  'script-not-found',
  'invalid-config',
  'invalid-output',
]);
/** An error message is stored with the run: a hostile one is cut, not carried whole. */
const MAX_MESSAGE_LENGTH = 10_000;

const prlimit =
  process.platform === 'linux' ? PRLIMIT_PATHS.find((candidate) => existsSync(candidate)) : undefined;

/** The host program: compiled JavaScript in the build, the TypeScript source in the repository's tests. */
function hostProgram(): string {
  const compiled = join(__dirname, 'sandbox-host.js');
  return existsSync(compiled) ? compiled : join(__dirname, 'sandbox-host.ts');
}

type StopReason = 'timeout' | 'closed' | undefined;

export class SandboxProcess {
  private readonly child: ChildProcess;
  private readonly scratch: string;
  private stderrTail = '';
  private stopReason: StopReason;
  private exited = false;
  private nextId = 0;
  private pending:
    | { readonly id: number; readonly limitMs: number; readonly resolve: (reply: SandboxReply) => void }
    | undefined;
  private readonly exitListeners: Array<() => void> = [];
  private readyListener: (() => void) | undefined;
  /** Resolves once the revision is loaded; rejects when the process could not start. */
  readonly ready: Promise<void>;

  constructor(
    init: InitMessage,
    private readonly limits: SandboxLimits,
  ) {
    this.scratch = mkdtempSync(join(tmpdir(), 'baton-code-'));
    const node = [
      '--permission',
      `--allow-fs-read=${this.scratch}`,
      `--allow-fs-write=${this.scratch}`,
      `--max-old-space-size=${limits.memoryMb}`,
      hostProgram(),
    ];
    const addressSpace = (limits.memoryMb + RUNTIME_RESERVATION_MB) * 1024 * 1024;
    const [command, args] = prlimit
      ? [prlimit, [`--as=${addressSpace}`, '--', process.execPath, ...node]]
      : [process.execPath, node];
    this.child = spawn(command, args, {
      cwd: this.scratch,
      // Fewer malloc arenas keep the reserved address space small; the host clears it with the rest.
      env: { MALLOC_ARENA_MAX: '2' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    this.child.on('message', (message: HostMessage) => this.received(message));
    this.child.once('exit', (code, signal) => this.ended(code, signal));
    this.child.on('error', () => this.stop('closed'));
    this.ready = this.started(init);
  }

  get alive(): boolean {
    return !this.exited && this.stopReason === undefined;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  /** Stops the process and resolves once it has exited (holding the worker open until then). */
  stopped(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      this.child.ref();
      this.onExit(resolve);
      this.stop('closed');
    });
  }

  /** Lets the worker exit while this process idles (it ends itself when the channel closes). */
  idle(): void {
    this.child.unref();
    this.child.channel?.unref();
  }

  /**
   * Runs one step. Past `limitMs`, or when `signal` aborts (the task's own time-out), the process
   * is killed: a loop that never yields cannot be stopped any other way.
   */
  call(
    entry: SandboxEntry,
    context: RunMessage['context'],
    limitMs: number,
    signal: AbortSignal,
  ): Promise<SandboxReply> {
    if (!this.alive)
      return Promise.resolve(this.failure('the code sandbox stopped before the step could run'));
    this.child.ref();
    this.child.channel?.ref();
    const id = ++this.nextId;
    return new Promise<SandboxReply>((resolve) => {
      const timer = setTimeout(() => this.stop('timeout'), limitMs);
      const abort = () => this.stop('timeout');
      signal.addEventListener('abort', abort, { once: true });
      this.pending = {
        id,
        limitMs,
        resolve: (reply) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', abort);
          this.pending = undefined;
          resolve(reply);
        },
      };
      if (signal.aborted) return this.stop('timeout');
      const message: RunMessage = { type: 'run', id, entry, context };
      this.child.send(message, (error) => {
        if (error) this.stop('closed');
      });
    });
  }

  stop(reason: Exclude<StopReason, undefined> = 'closed'): void {
    if (this.exited) return;
    this.stopReason ??= reason;
    this.child.kill('SIGKILL');
  }

  private started(init: InitMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop('closed');
        reject(new Error(`the code sandbox did not start within ${this.limits.startTimeoutMs} ms`));
      }, this.limits.startTimeoutMs);
      this.readyListener = () => {
        clearTimeout(timer);
        resolve();
      };
      this.onExit(() => {
        clearTimeout(timer);
        reject(new Error(`the code sandbox exited while starting${this.stderrSummary()}`));
      });
      this.child.send(init, (error) => {
        if (error) this.stop('closed');
      });
    });
  }

  /** Only well-formed answers to the call in progress count; anything else the code sends is ignored. */
  private received(message: HostMessage): void {
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'ready') {
      this.readyListener?.();
      this.readyListener = undefined;
      return;
    }
    const pending = this.pending;
    if (message.type !== 'result' || pending === undefined || message.id !== pending.id) return;
    if (message.ok && typeof message.json === 'string') {
      pending.resolve(this.parsed(message.json));
    } else if (!message.ok && typeof message.message === 'string') {
      // Marked before the step's answer is handed on, so the process is not taken again.
      if (message.final === true) this.stopReason ??= 'closed';
      const code = HOST_CODES.has(message.code) ? message.code : 'script-error';
      const text =
        message.message.length > MAX_MESSAGE_LENGTH
          ? `${message.message.slice(0, MAX_MESSAGE_LENGTH)}… (${message.message.length} characters)`
          : message.message;
      pending.resolve({ ok: false, outcome: failed(code, text, { retryable: message.retryable === true }) });
    }
  }

  private parsed(json: string): SandboxReply {
    try {
      return { ok: true, output: JSON.parse(json) as unknown };
    } catch {
      return {
        ok: false,
        outcome: failed('invalid-output', 'the code step answered with text that is not JSON', {
          retryable: false,
        }),
      };
    }
  }

  private ended(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    rmSync(this.scratch, { recursive: true, force: true });
    this.pending?.resolve(this.exitOutcome(code, signal));
    for (const listener of this.exitListeners.splice(0)) listener();
  }

  private exitOutcome(code: number | null, signal: NodeJS.Signals | null): SandboxReply {
    const limitMs = this.pending?.limitMs ?? 0;
    if (this.stopReason === 'timeout') {
      return {
        ok: false,
        outcome: failed('timeout', `the code did not finish within ${limitMs} ms; its process was stopped`, {
          retryable: true,
        }),
      };
    }
    if (OUT_OF_MEMORY.test(this.stderrTail)) {
      return {
        ok: false,
        outcome: failed(
          'memory-limit',
          `the code ran out of memory (its limit is ${this.limits.memoryMb} MiB); its process was stopped`,
          {
            retryable: false,
          },
        ),
      };
    }
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    return this.failure(`the code step's process ${how} before the step finished`);
  }

  private failure(message: string): SandboxReply {
    return { ok: false, outcome: failed('script-error', message, { retryable: true }) };
  }

  private stderrSummary(): string {
    const lastLine = this.stderrTail.trim().split('\n').pop();
    return lastLine ? `: ${lastLine.slice(0, 300)}` : '';
  }
}
