import { ChildService, describeExit, type ChildExit, type LineListener } from './child-service';
import { waitUntilReady } from './readiness';
import type { PlannedService } from './stack-plan';

export interface LocalStackOptions {
  /** Working directory of the services. */
  readonly cwd: string;
  readonly onLine: (service: string, ...line: Parameters<LineListener>) => void;
  /** How long each service may take to answer /readyz with 200. */
  readonly readyTimeoutMs: number;
  /** SIGTERM → SIGKILL delay on stop. */
  readonly graceMs: number;
}

export type StartOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface UnexpectedExit {
  readonly service: string;
  readonly exit: ChildExit;
}

/**
 * The services of `baton start` as one unit: started in order (ingress alone first, the others
 * together once it is ready), watched (the first exit nobody asked for is reported), and stopped
 * together.
 */
export class LocalStack {
  private readonly children: ChildService[] = [];
  private stopping: Promise<void> | undefined;
  private reportExit: ((exit: UnexpectedExit) => void) | undefined;
  /** Resolves with the first service that exits while the stack is not stopping. */
  readonly unexpectedExit = new Promise<UnexpectedExit>((resolve) => (this.reportExit = resolve));

  constructor(private readonly options: LocalStackOptions) {}

  async start(services: readonly PlannedService[]): Promise<StartOutcome> {
    const [first, ...rest] = services;
    const firstStarted = await this.startAll(first ? [first] : []);
    return firstStarted.ok ? this.startAll(rest) : firstStarted;
  }

  /** SIGTERM to every service, SIGKILL to those still running after the grace period. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.children.map((child) => child.stop(this.options.graceMs))).then(
      () => undefined,
    );
    return this.stopping;
  }

  /** SIGKILL at once: a second Ctrl-C while stopping. */
  kill(): void {
    this.children.forEach((child) => child.kill());
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  private async startAll(services: readonly PlannedService[]): Promise<StartOutcome> {
    if (this.isStopping) return { ok: false, message: 'stopped while starting' };
    const outcomes = await Promise.all(services.map((service) => this.startOne(service)));
    return outcomes.find((outcome) => !outcome.ok) ?? { ok: true };
  }

  private async startOne(service: PlannedService): Promise<StartOutcome> {
    const child = new ChildService(service, this.options.cwd, (...line) =>
      this.options.onLine(service.name, ...line),
    );
    this.children.push(child);
    void child.exited.then((exit) => {
      if (!this.isStopping) this.reportExit?.({ service: service.name, exit });
    });
    const readyUrl = `http://127.0.0.1:${service.healthPort}/readyz`;
    const readiness = await waitUntilReady(readyUrl, child.exited, this.options.readyTimeoutMs);
    if (readiness.ready) return { ok: true };
    if ('exited' in readiness)
      return {
        ok: false,
        message: `${service.name} stopped while starting (${describeExit(readiness.exited)}); its last lines are above`,
      };
    return {
      ok: false,
      message: `${service.name} was not ready after ${this.options.readyTimeoutMs / 1000}s (${readyUrl}: ${readiness.lastAnswer})`,
    };
  }
}
