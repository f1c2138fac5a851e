import { parseEnv } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandIo } from '../command';
import { displayPath } from '../formatting/display-path';
import { BACKING_SERVICES } from '../local-services/backing-decision';
import { dataDirOf, settleBacking, type SettledBacking } from '../local-services/backing-services';
import { portOf } from '../infrastructure/service-address';
import { healthPortVariable, stackSettings, type StackSettings } from '../settings/cli-settings';
import { chooseEnsemblesDir } from './ensembles-dir';
import { portProblems, type PortClaim } from './port-availability';
import { findRepository, type Repository } from './repository';
import { planStack, type PlannedService } from './stack-plan';

/** Everything `start` settles before it starts a process. */
export interface Launch {
  readonly repository: Repository;
  /** NATS_URL and DATABASE_URL are those the services get (a server of baton's own may sit elsewhere). */
  readonly settings: StackSettings;
  /** NATS and PostgreSQL: where each runs, and the servers `start` runs itself. */
  readonly backing: SettledBacking;
  readonly ensemblesDir: string;
  /** Why that directory: `ENSEMBLES_DIR`, `./ensembles`, or the examples. */
  readonly ensemblesWhy: string;
  readonly ingressUrl: string;
  readonly services: readonly PlannedService[];
  /** Variables taken from examples/dev.env because the environment did not set them. */
  readonly devDefaults: Readonly<Record<string, string>>;
}

export type LaunchPreparation =
  { readonly ok: true; readonly launch: Launch } | { readonly ok: false; readonly message: string };

export interface LaunchOptions {
  /** Run NATS or PostgreSQL where nothing answers on this machine (false: `--no-local-services`). */
  readonly localServices: boolean;
  /** Every service but ingress in one process (`--single-process`). */
  readonly singleProcess?: boolean;
}

/**
 * The checks of `start`, cheapest first, each failing with the message to print: the checkout and
 * its build, the variables, the ensembles directory, NATS and PostgreSQL (both checked, so one
 * message names everything missing; the database is created when absent; where nothing answers on
 * this machine, a server of baton's own is planned), then the ports.
 */
export async function prepareLaunch(
  io: Pick<CommandIo, 'env' | 'cwd'>,
  options: LaunchOptions,
): Promise<LaunchPreparation> {
  const repository = findRepository();
  if (!repository)
    return failure('cannot find the Baton checkout this CLI belongs to (no package.json above it)');
  const settings = await stackSettings(io.env);
  if (!settings.ok) return failure(settings.message);
  const examplesEnsembles = path.join(repository.examplesDir, 'ensembles');
  const ensembles = chooseEnsemblesDir(io.env, io.cwd, examplesEnsembles);
  if (!ensembles.ok) return failure(ensembles.message);
  const devDefaults =
    ensembles.dir === examplesEnsembles
      ? missingDevDefaults(path.join(repository.examplesDir, 'dev.env'), io.env)
      : {};
  const planFor = (stackSettings: StackSettings) =>
    planStack({
      settings: stackSettings,
      env: { ...devDefaults, ...io.env },
      ensemblesDir: ensembles.dir,
      serviceMain: repository.serviceMain,
      isBuilt: existsSync,
      singleProcessHost: options.singleProcess ? repository.singleProcessHost : undefined,
    });
  const built = planFor(settings.value);
  if (!built.ok) {
    return failure(
      `the services are not built (${built.missing[0]} is missing): run npm run build, or ./dev start`,
    );
  }

  const backing = await settleBacking({
    natsUrl: settings.value.natsUrl,
    databaseUrl: settings.value.databaseUrl,
    env: io.env,
    localAllowed: options.localServices,
    dataDir: dataDirOf(io.env, io.cwd, repository.root),
    display: (file) => displayPath(file, io.cwd),
  });
  if (!backing.ok) return failure(backing.message);
  const effective = {
    ...settings.value,
    natsUrl: backing.value.natsUrl,
    databaseUrl: backing.value.databaseUrl,
  };
  const plan = planFor(effective);
  if (!plan.ok) return failure(`the services are not built (${plan.missing[0]} is missing)`);
  const ports = await portProblems([
    ...plan.services.map((service) => ({ port: service.healthPort, owner: portOwner(service) })),
    ...ownServerPorts(backing.value),
  ]);
  if (ports.length > 0) return failure(ports.join('\n  '));
  return {
    ok: true,
    launch: {
      repository,
      settings: effective,
      backing: backing.value,
      ensemblesDir: ensembles.dir,
      ensemblesWhy: ensembles.why,
      ingressUrl: plan.ingressUrl,
      services: plan.services,
      devDefaults,
    },
  };
}

/**
 * The ports of the servers baton runs itself, so a service set to the same port is named before
 * anything starts. They are free now (that is why they were chosen), so only clashes count.
 */
function ownServerPorts(backing: SettledBacking): PortClaim[] {
  return backing.servers
    .filter((server) => server.dataDir !== undefined)
    .map((server) => {
      const { defaultPort, variable } = BACKING_SERVICES[server.name];
      return { port: portOf(server.url, defaultPort), owner: `${server.name} (${variable})` };
    });
}

function portOwner(service: PlannedService): string {
  return `${service.name} (${service.name === 'ingress' ? 'INGRESS_PORT' : healthPortVariable(service.name)})`;
}

function failure(message: string): LaunchPreparation {
  return { ok: false, message };
}

/** The examples' development values (examples/dev.env) of the variables the environment leaves unset. */
export function missingDevDefaults(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  if (!existsSync(file)) return {};
  const values = parseEnv(readFileSync(file, 'utf8'));
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !env[entry[0]],
    ),
  );
}
