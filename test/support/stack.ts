/** The whole Baton stack as child processes, against a private NATS and a private database. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  freePort,
  nodeProcess,
  service,
  startNats,
  waitFor,
  type Database,
  type NatsInstance,
  type Service,
} from './processes';

const ENDED = ['completed', 'failed', 'timed_out', 'cancelled'];

export const SERVICES = ['ingress', 'orchestrator', 'worker', 'scheduler', 'projector', 'notifier'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Tests read API answers freely; their assertions check the shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ApiBody = any;

export interface Stack {
  readonly nats: NatsInstance;
  readonly database: Database;
  readonly baseUrl: string;
  /** The services by name (empty when the stack is a `command`). */
  readonly services: Record<ServiceName, Service>;
  readonly logDir: string;
  /** Every process of the stack now running: services, replicas, or the `command`. */
  processes(): readonly Service[];
  /** fetch against ingress, JSON in and out (the body is whatever JSON came back). */
  api(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: ApiBody }>;
  /** The run as `GET /api/runs/<id>` shows it once it has ended (completed, failed, timed out, cancelled). */
  ended(runId: string, timeoutMs?: number): Promise<ApiBody>;
  /** Another replica of a service, on its own health port (started by the caller). */
  replica(name: ServiceName): Promise<Service>;
  stop(): Promise<void>;
}

export interface StackOptions {
  readonly ensemblesDir: string;
  /** Extra environment of every service; a function sees the private NATS and database first. */
  readonly env?:
    Record<string, string> | ((ctx: { nats: NatsInstance; database: Database }) => Record<string, string>);
  readonly only?: readonly ServiceName[];
  /** Services created but left for the test to start. */
  readonly defer?: readonly ServiceName[];
  /**
   * One program that is the whole stack, started instead of the services (`only` and `defer` do
   * not apply): e.g. `{ label: 'baton', args: [cliMain, 'start', '--single-process'] }`. It gets the
   * same environment as the services would (HEALTH_PORT is the ingress port) and is ready once
   * ingress's /readyz answers 200.
   */
  readonly command?: StackCommand;
}

export interface StackCommand {
  readonly label: string;
  /** What follows `node`: the script, then its arguments. */
  readonly args: readonly string[];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const nats = await startNats();
  const database = await createDatabase();
  const logDir = mkdtempSync(join(tmpdir(), 'baton-e2e-logs-'));
  const ingressPort = await freePort();
  const common: Record<string, string> = {
    NATS_URL: nats.url,
    DATABASE_URL: database.url,
    ENSEMBLES_DIR: options.ensemblesDir,
    INGRESS_PORT: String(ingressPort),
    BATON_PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
    LOG_LEVEL: 'debug',
    // the suites' fake remotes listen on 127.0.0.1, which the outbound guard refuses unless allowed
    BATON_ALLOW_HOSTS: '127.0.0.1',
    ...(typeof options.env === 'function' ? options.env({ nats, database }) : options.env),
  };
  const services = {} as Record<ServiceName, Service>;
  for (const name of options.command ? [] : (options.only ?? SERVICES)) {
    const healthPort = name === 'ingress' ? ingressPort : await freePort();
    services[name] = service(name, { ...common, HEALTH_PORT: String(healthPort) }, healthPort, logDir);
  }
  const command = options.command
    ? nodeProcess(
        options.command.label,
        options.command.args,
        { ...common, HEALTH_PORT: String(ingressPort) },
        ingressPort,
        logDir,
        options.command.label,
        // It starts ingress, then the rest once ingress is ready: on a loaded 2-core box, a minute.
        120_000,
      )
    : undefined;
  const started: Service[] = [];
  try {
    // Ingress first: it provisions streams and registers the ensembles directory.
    for (const svc of command ? [command] : Object.values(services)) {
      if (options.defer?.includes(svc.name as ServiceName)) continue;
      // Counted before it is ready: one that never got ready is stopped with the others.
      started.push(svc);
      await svc.start();
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.kill()));
    await nats.dispose();
    await database.dispose();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${ingressPort}`;
  let replicas = 0;
  const extra: Service[] = [];
  const stack: Stack = {
    nats,
    database,
    baseUrl,
    services,
    logDir,
    processes() {
      return [...(command ? [command] : Object.values(services)), ...extra].filter(
        (svc) => svc.pid !== undefined,
      );
    },
    async api(path, init = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body:
          init.body === undefined
            ? undefined
            : typeof init.body === 'string'
              ? init.body
              : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body };
    },
    ended(runId, timeoutMs = 60_000) {
      return waitFor(
        `run ${runId} to end`,
        async () => {
          const { status, body } = await stack.api(`/api/runs/${runId}`);
          return status === 200 && ENDED.includes(body.status) ? body : undefined;
        },
        { timeoutMs, intervalMs: 100 },
      );
    },
    async replica(name) {
      const healthPort = await freePort();
      const svc = service(
        name,
        { ...common, HEALTH_PORT: String(healthPort) },
        healthPort,
        logDir,
        `${name}-${++replicas}`,
      );
      extra.push(svc);
      return svc;
    },
    async stop() {
      await Promise.all(
        [...(command ? [command] : []), ...Object.values(services), ...extra].map((s) => s.kill()),
      );
      await nats.dispose();
      await database.dispose();
    },
  };
  return stack;
}

/**
 * Waits until the services process of `baton start --single-process` answers /readyz with 200 on
 * `port` (SERVICES_HEALTH_PORT): a `command` stack is ready once ingress is, and start runs the
 * services process only then.
 */
export async function servicesReady(port: number, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    `the services process ready on :${port}`,
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.status === 200 || undefined;
    },
    { timeoutMs },
  );
}
