import type { CommandIo } from '../command';

/**
 * The variables of interfaces.md "Configuration" the CLI reads, validated and defaulted by
 * @baton/config exactly as the services read them. Each function hands @baton/config only the
 * variables it needs, so an unrelated bad variable never stops a verb; mistakes come back as values.
 */
export type Setting<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

type Env = CommandIo['env'];

export async function ingressPortSetting(env: Env): Promise<Setting<number>> {
  const config = await import('@baton/config');
  return read(
    config,
    () => config.loadConfig(config.IngressConfig, { INGRESS_PORT: env.INGRESS_PORT }).INGRESS_PORT,
  );
}

/**
 * Why ingress, as configured by HOST and BATON_API_KEY, is exposed beyond this host without a key;
 * undefined when it is not (an invalid HOST is reported with the other settings).
 */
export async function exposureWarning(env: Env): Promise<string | undefined> {
  const config = await import('@baton/config');
  const host = read(config, () => config.loadConfig(config.IngressConfig, { HOST: env.HOST }).HOST);
  if (!host.ok || !config.listensBeyondLoopback(host.value) || env.BATON_API_KEY) return undefined;
  return `ingress listens on ${host.value} (HOST), beyond loopback, without BATON_API_KEY: webhooks are reachable from the network while the API answers only callers on this host; set BATON_API_KEY to use the API remotely, or leave HOST unset to listen on 127.0.0.1`;
}

export async function natsUrlSetting(env: Env): Promise<Setting<string>> {
  const config = await import('@baton/config');
  return read(config, () => config.loadConfig(config.NatsConfig, { NATS_URL: env.NATS_URL }).NATS_URL);
}

/** What `baton provision` (and `start` before its services) needs: where, and the stack's partitions and replicas. */
export interface ProvisionSettings {
  readonly natsUrl: string;
  readonly partitions: number;
  readonly replicas: number;
}

export async function provisionSettings(env: Env): Promise<Setting<ProvisionSettings>> {
  const config = await import('@baton/config');
  return read(config, () => {
    const nats = config.loadConfig(config.NatsConfig, {
      NATS_URL: env.NATS_URL,
      BATON_PARTITIONS: env.BATON_PARTITIONS,
      JETSTREAM_REPLICAS: env.JETSTREAM_REPLICAS,
    });
    return { natsUrl: nats.NATS_URL, partitions: nats.BATON_PARTITIONS, replicas: nats.JETSTREAM_REPLICAS };
  });
}

export async function databaseUrlSetting(env: Env): Promise<Setting<string>> {
  const config = await import('@baton/config');
  return read(
    config,
    () => config.loadConfig(config.DatabaseConfig, { DATABASE_URL: env.DATABASE_URL }).DATABASE_URL,
  );
}

/** Services that answer /healthz, /readyz and /metrics on their own HEALTH_PORT. */
export type ServiceWithHealthPort = import('@baton/config').ServiceWithHealthPort;

export interface StackSettings {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly ingressPort: number;
  /** `<SERVICE>_HEALTH_PORT` (e.g. `WORKER_HEALTH_PORT`), else the service's default HEALTH_PORT. */
  readonly healthPorts: Readonly<Record<ServiceWithHealthPort, number>>;
  /** `SERVICES_HEALTH_PORT`: the one process of `start --single-process`. */
  readonly servicesHealthPort: number;
}

/** Where the services process of `start --single-process` answers /healthz, /readyz and /metrics. */
export const SERVICES_HEALTH_PORT_DEFAULT = 8086;

/** What `baton start` needs to start the stack; every invalid variable is reported at once. */
export async function stackSettings(env: Env): Promise<Setting<StackSettings>> {
  const config = await import('@baton/config');
  const problems: string[] = [];
  const attempt = <T>(read: () => T, rename?: string): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof config.ConfigError)) throw error;
      problems.push(
        ...error.issues.map((issue) =>
          rename ? issue.message.replace(/^HEALTH_PORT\b/, rename) : issue.message,
        ),
      );
      return undefined;
    }
  };
  const natsUrl = attempt(() => config.loadConfig(config.NatsConfig, { NATS_URL: env.NATS_URL }).NATS_URL);
  const databaseUrl = attempt(
    () => config.loadConfig(config.DatabaseConfig, { DATABASE_URL: env.DATABASE_URL }).DATABASE_URL,
  );
  const ingressPort = attempt(
    () => config.loadConfig(config.IngressConfig, { INGRESS_PORT: env.INGRESS_PORT }).INGRESS_PORT,
  );
  const healthPorts: Partial<Record<ServiceWithHealthPort, number>> = {};
  for (const service of Object.keys(config.HEALTH_PORT_DEFAULTS) as ServiceWithHealthPort[]) {
    const variable = healthPortVariable(service);
    healthPorts[service] = attempt(
      () => config.loadConfig(config.healthConfigFor(service), { HEALTH_PORT: env[variable] }).HEALTH_PORT,
      variable,
    );
  }
  const servicesVariable = healthPortVariable('services');
  const servicesHealthPort = attempt(
    () =>
      config.loadConfig(config.HealthConfig, {
        HEALTH_PORT: env[servicesVariable] ?? String(SERVICES_HEALTH_PORT_DEFAULT),
      }).HEALTH_PORT,
    servicesVariable,
  );
  if (
    problems.length > 0 ||
    servicesHealthPort === undefined ||
    natsUrl === undefined ||
    databaseUrl === undefined ||
    ingressPort === undefined
  ) {
    return {
      ok: false,
      message: `invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    };
  }
  return {
    ok: true,
    value: {
      natsUrl,
      databaseUrl,
      ingressPort,
      healthPorts: healthPorts as Record<ServiceWithHealthPort, number>,
      servicesHealthPort,
    },
  };
}

/** `orchestrator` → `ORCHESTRATOR_HEALTH_PORT`: one variable per service, since they share one environment. */
export function healthPortVariable(service: string): string {
  return `${service.toUpperCase()}_HEALTH_PORT`;
}

function read<T>(config: typeof import('@baton/config'), value: () => T): Setting<T> {
  try {
    return { ok: true, value: value() };
  } catch (error) {
    if (!(error instanceof config.ConfigError)) throw error;
    return { ok: false, message: error.issues.map((issue) => issue.message).join('; ') };
  }
}
