import {
  ChildService,
  describeExit,
  type ChildCommand,
  type ChildExit,
  type LineListener,
} from './child-service';
import { waitUntilReady, type Readiness } from './readiness';
import type { PlannedService } from './stack-plan';

export interface LocalStackOptions {
  /** Working directory of the services. */
  readonly cwd: string;
  readonly onLine: (service: string, ...line: Parameters<LineListener>) => void;
  /** How long each service may take to answer /readyz with 200. */
  readonly readyTimeoutMs: number;
  /** SIGTERM → SIGKILL delay on stop. */
  readonly graceMs: number;
  /** Runs once the backing servers are up, before any service (`baton provision`'s work). */
  readonly beforeServices?: () => Promise<StartOutcome>;
}

export type StartOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface UnexpectedExit {
  readonly service: string;
  readonly exit: ChildExit;
}

/** A server the services need that `start` runs itself (NATS, PostgreSQL): up before them, down after. */
export interface BackingProcess extends ChildCommand {
  /** Resolves once it serves Baton (or exits, or `timeoutMs` passes), watching its lines if need be. */
  whenReady(child: RunningChild, timeoutMs: number): Promise<Readiness>;
}

export interface RunningChild {
  readonly exited: Promise<ChildExit>;
  onLine(listener: LineListener): void;
}

/**
 * The processes of `baton start` as one unit: the backing servers first (together), then the
 * `beforeServices` step (provisioning NATS), then the services (ingress alone first, the others together once it is ready); watched (the first exit
 * nobody asked for is reported), and stopped in the reverse order: the services drain their work
 * while NATS and PostgreSQL still answer.
 */
export class LocalStack {
  private readonly backing: ChildService[] = [];
  private readonly services: ChildService[] = [];
  private stopping: Promise<void> | undefined;
  private reportExit: ((exit: UnexpectedExit) => void) | undefined;
  /** Resolves with the first process that exits while the stack is not stopping. */
  readonly unexpectedExit = new Promise<UnexpectedExit>((resolve) => (this.reportExit = resolve));

  constructor(private readonly options: LocalStackOptions) {}

  async start(
    services: readonly PlannedService[],
    backing: readonly BackingProcess[] = [],
  ): Promise<StartOutcome> {
    const backingStarted = await this.inParallel(backing, (server) => this.startBacking(server));
    if (!backingStarted.ok) return backingStarted;
    const prepared = (await this.options.beforeServices?.()) ?? { ok: true };
    if (!prepared.ok || this.isStopping) return prepared;
    const [first, ...rest] = services;
    const firstStarted = await this.inParallel(first ? [first] : [], (service) => this.startService(service));
    return firstStarted.ok ? this.inParallel(rest, (service) => this.startService(service)) : firstStarted;
  }

  /** SIGTERM to every service, then to the backing servers; SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void> {
    const stopAll = async (children: readonly ChildService[]) => {
      await Promise.all(children.map((child) => child.stop(this.options.graceMs)));
    };
    this.stopping ??= stopAll(this.services).then(() => stopAll(this.backing));
    return this.stopping;
  }

  /** SIGKILL at once: a second Ctrl-C while stopping. */
  kill(): void {
    [...this.services, ...this.backing].forEach((child) => child.kill());
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  private async inParallel<T>(
    items: readonly T[],
    startOne: (item: T) => Promise<StartOutcome>,
  ): Promise<StartOutcome> {
    if (this.isStopping) return { ok: false, message: 'stopped while starting' };
    const outcomes = await Promise.all(items.map(startOne));
    return outcomes.find((outcome) => !outcome.ok) ?? { ok: true };
  }

  private spawn(command: ChildCommand, into: ChildService[]): ChildService {
    const child = new ChildService(command, this.options.cwd, (...line) =>
      this.options.onLine(command.name, ...line),
    );
    into.push(child);
    void child.exited.then((exit) => {
      if (!this.isStopping) this.reportExit?.({ service: command.name, exit });
    });
    return child;
  }

  private async startBacking(server: BackingProcess): Promise<StartOutcome> {
    const child = this.spawn(server, this.backing);
    const readiness = await server.whenReady(child, this.options.readyTimeoutMs);
    return this.outcome(server.name, readiness, (lastAnswer) => lastAnswer);
  }

  private async startService(service: PlannedService): Promise<StartOutcome> {
    // The Node that runs baton (Node 24) runs the services too.
    const command = { name: service.name, command: process.execPath, args: [service.main], env: service.env };
    const child = this.spawn(command, this.services);
    const readyUrl = `http://127.0.0.1:${service.healthPort}/readyz`;
    const readiness = await waitUntilReady(readyUrl, child.exited, this.options.readyTimeoutMs);
    return this.outcome(service.name, readiness, (lastAnswer) => `${readyUrl}: ${lastAnswer}`);
  }

  private outcome(name: string, readiness: Readiness, detail: (lastAnswer: string) => string): StartOutcome {
    if (readiness.ready) return { ok: true };
    if ('exited' in readiness)
      return {
        ok: false,
        message: `${name} stopped while starting (${describeExit(readiness.exited)}); its last lines are above`,
      };
    if ('problem' in readiness) return { ok: false, message: readiness.problem };
    return {
      ok: false,
      message: `${name} was not ready after ${this.options.readyTimeoutMs / 1000}s (${detail(readiness.lastAnswer)})`,
    };
  }
}
