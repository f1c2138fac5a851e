import { parseEnv } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandIo } from '../command';
import { connectJetStream } from '../infrastructure/jetstream-connection';
import { ensureReadModelDatabase } from '../infrastructure/read-model-database';
import { healthPortVariable, stackSettings, type StackSettings } from '../settings/cli-settings';
import { chooseEnsemblesDir } from './ensembles-dir';
import { portProblems } from './port-availability';
import { findRepository, type Repository } from './repository';
import { planStack, type PlannedService } from './stack-plan';

/** Everything `start` settles before it starts a process. */
export interface Launch {
  readonly repository: Repository;
  readonly settings: StackSettings;
  readonly ensemblesDir: string;
  /** Why that directory: `ENSEMBLES_DIR`, `./ensembles`, or the examples. */
  readonly ensemblesWhy: string;
  readonly ingressUrl: string;
  readonly services: readonly PlannedService[];
  /** The database of DATABASE_URL did not exist and was created. */
  readonly databaseCreated: boolean;
  /** Variables taken from examples/dev.env because the environment did not set them. */
  readonly devDefaults: Readonly<Record<string, string>>;
}

export type LaunchPreparation =
  { readonly ok: true; readonly launch: Launch } | { readonly ok: false; readonly message: string };

/**
 * The checks of `start`, cheapest first, each failing with the message to print: the checkout and
 * its build, the variables, the ensembles directory, the ports, then NATS and PostgreSQL (both
 * checked, so one message names everything missing; the database is created when absent).
 */
export async function prepareLaunch(io: Pick<CommandIo, 'env' | 'cwd'>): Promise<LaunchPreparation> {
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
  const plan = planStack({
    settings: settings.value,
    env: { ...devDefaults, ...io.env },
    ensemblesDir: ensembles.dir,
    serviceMain: repository.serviceMain,
    isBuilt: existsSync,
  });
  if (!plan.ok) {
    return failure(
      `the services are not built (${plan.missing[0]} is missing): run npm run build, or ./dev start`,
    );
  }
  const ports = await portProblems(
    plan.services.map((service) => ({ port: service.healthPort, owner: portOwner(service) })),
  );
  if (ports.length > 0) return failure(ports.join('\n  '));

  const [nats, database] = await Promise.all([
    connectJetStream(settings.value.natsUrl),
    ensureReadModelDatabase(settings.value.databaseUrl),
  ]);
  if (nats.ok) await nats.nc.close();
  const problems = [...(nats.ok ? [] : [nats.message]), ...(database.ok ? [] : [database.message])];
  if (problems.length > 0) return failure(problems.join('\n\n'));
  return {
    ok: true,
    launch: {
      repository,
      settings: settings.value,
      ensemblesDir: ensembles.dir,
      ensemblesWhy: ensembles.why,
      ingressUrl: plan.ingressUrl,
      services: plan.services,
      databaseCreated: database.ok && database.created,
      devDefaults,
    },
  };
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
