import type { StackSettings } from '../settings/cli-settings';
import { HOSTED_SERVICES, SERVICES_PROCESS } from './hosted-services';

/**
 * Which processes `baton start` runs, in which order, with which environment. `start` provisions
 * NATS itself first (`baton provision`), so every service only checks the layout
 * (BATON_PROVISION=off); ingress comes first: it registers the ensembles the others read.
 */
export const STACK_SERVICES = [
  { name: 'ingress', required: true },
  { name: 'orchestrator', required: true },
  { name: 'worker', required: true },
  { name: 'scheduler', required: true },
  { name: 'projector', required: true },
  { name: 'notifier', required: true },
] as const;

export type StackServiceName = (typeof STACK_SERVICES)[number]['name'];

export interface PlannedService {
  readonly name: StackServiceName | typeof SERVICES_PROCESS;
  /** The built entry point, run with the same Node as `baton`. */
  readonly main: string;
  /** Where /readyz answers: INGRESS_PORT for ingress, the service's HEALTH_PORT for the others. */
  readonly healthPort: number;
  readonly env: Readonly<Record<string, string>>;
  /** The services it runs, when it runs several (`--single-process`). */
  readonly hosts?: readonly StackServiceName[];
}

export interface StackPlanInput {
  readonly settings: StackSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly ensemblesDir: string;
  readonly serviceMain: (name: string) => string;
  /** Whether a built entry point exists (optional services are skipped when not built). */
  readonly isBuilt: (main: string) => boolean;
  /**
   * `--single-process`: every service but ingress in one process, this program
   * (single-process-host.js), which loads their built entry points.
   */
  readonly singleProcessHost?: string;
}

export type StackPlan =
  | { readonly ok: true; readonly ingressUrl: string; readonly services: readonly PlannedService[] }
  | { readonly ok: false; readonly missing: readonly string[] };

export function planStack(input: StackPlanInput): StackPlan {
  const { settings } = input;
  const ingressUrl = `http://127.0.0.1:${settings.ingressPort}`;
  const shared: Record<string, string> = {
    ...definedOnly(input.env),
    NATS_URL: settings.natsUrl,
    BATON_PROVISION: 'off',
    DATABASE_URL: settings.databaseUrl,
    ENSEMBLES_DIR: input.ensemblesDir,
    INGRESS_PORT: String(settings.ingressPort),
    // Approval links must point at this ingress, wherever INGRESS_PORT put it.
    BATON_PUBLIC_URL: input.env.BATON_PUBLIC_URL || ingressUrl,
  };
  delete shared.HEALTH_PORT; // one port per service: see <SERVICE>_HEALTH_PORT

  const missing: string[] = [];
  const services: PlannedService[] = [];
  for (const { name, required } of STACK_SERVICES) {
    const main = input.serviceMain(name);
    if (!input.isBuilt(main)) {
      if (required) missing.push(main);
      continue;
    }
    const healthPort = name === 'ingress' ? settings.ingressPort : settings.healthPorts[name];
    const env = name === 'ingress' ? shared : { ...shared, HEALTH_PORT: String(healthPort) };
    services.push({ name, main, healthPort, env });
  }
  if (input.singleProcessHost !== undefined) {
    if (!input.isBuilt(input.singleProcessHost)) missing.push(input.singleProcessHost);
    const healthPort = settings.servicesHealthPort;
    services.splice(1, services.length - 1, {
      name: SERVICES_PROCESS,
      main: input.singleProcessHost,
      healthPort,
      env: { ...shared, HEALTH_PORT: String(healthPort) },
      hosts: HOSTED_SERVICES,
    });
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, ingressUrl, services };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
