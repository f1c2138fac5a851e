import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult } from '@baton/definition';
import { ApiError } from '../http/api-error';

export type LoadRequest =
  | {
      readonly id: number;
      readonly kind: 'text';
      readonly text: string;
      readonly file: string;
      readonly baseDir: string;
    }
  | { readonly id: number; readonly kind: 'file'; readonly path: string };

export type LoadReply =
  { readonly id: number; readonly result: LoadResult } | { readonly id: number; readonly crash: string };

/** Longest a definition may take to load; past it the thread is replaced and the request refused. */
const LOAD_TIMEOUT_MS = 10_000;
/** Heap of the loading thread: a hostile definition cannot take the service's memory. */
const LOADER_HEAP_MB = 256;
/** An idle thread is ended, and its memory returned; the next registration starts one (~100 ms). */
const IDLE_MS = 5_000;

type Pending = {
  resolve: (result: LoadResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

/**
 * Loads definitions registered through the API on a thread of their own (definition-loader.worker.ts),
 * one at a time, so that no definition, however large or hostile, stalls ingress's event loop. A
 * load that overruns LOAD_TIMEOUT_MS or exhausts the thread's heap is refused with 422, and the
 * thread is replaced.
 */
@Injectable()
export class DefinitionLoader implements OnApplicationShutdown {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  loadText(text: string, file: string, baseDir: string): Promise<LoadResult> {
    return this.load((id) => ({ id, kind: 'text', text, file, baseDir }));
  }

  loadFile(path: string): Promise<LoadResult> {
    return this.load((id) => ({ id, kind: 'file', path }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.terminate();
  }

  private load(request: (id: number) => LoadRequest): Promise<LoadResult> {
    const id = ++this.nextId;
    clearTimeout(this.idleTimer);
    const worker = this.thread();
    return new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          ApiError.invalidInput(
            `the definition did not load within ${LOAD_TIMEOUT_MS / 1000} s; it is too large or too complex`,
          ),
        );
      }, LOAD_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage(request(id));
    });
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(workerProgram(), {
      resourceLimits: { maxOldGenerationSizeMb: LOADER_HEAP_MB },
    });
    worker.unref();
    worker.on('message', (reply: LoadReply) => this.answered(reply));
    worker.on('error', (error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        outOfMemory
          ? ApiError.invalidInput(
              `the definition needs more than ${LOADER_HEAP_MB} MiB to load; it is too large`,
            )
          : error,
      );
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  private answered(reply: LoadReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if ('result' in reply) pending.resolve(reply.result);
    else pending.reject(new Error(`loading the definition failed: ${reply.crash}`));
    if (this.pending.size === 0) {
      this.idleTimer = setTimeout(() => this.stopIdle(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private stopIdle(): void {
    if (this.pending.size > 0) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  /** Everything waiting on the thread fails the same way, and the thread is replaced. */
  private fail(error: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}

/** The compiled thread program (ingress runs from dist). */
function workerProgram(): string {
  const compiled = join(__dirname, 'definition-loader.worker.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build`);
  return compiled;
}
