import { decodeRunEvents, RunLogDecodeError, type RunEvent } from '@baton/engine';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import {
  callIngress,
  describeFailure,
  findIngress,
  INGRESS_URL_OPTION,
  isSuccess,
  type Ingress,
  type IngressResponse,
} from '../ingress/ingress-client';
import { formatDeliveries, type DeliveryRow } from '../runs/run-deliveries';
import { formatRunHeader, type RunDocument } from '../runs/run-header';
import { formatRunList, type RunPage } from '../runs/run-list';
import { formatTimeline } from '../runs/run-timeline';
import { commandLineMistake } from '../usage';

export const runsCommand: Command = {
  name: 'runs',
  synopses: [
    'runs [--ensemble <name>] [--status <status>] [--limit <n>] [--json]',
    'runs show <id> [--json]',
  ],
  summary: 'list runs, newest first; `show` prints one run and its timeline',
  details: `baton runs: a table of runs (id, ensemble, status, started, duration), newest first.
  --ensemble <name>   only this ensemble's runs
  --status <status>   queued, running, completed, failed, timed_out or cancelled
  --limit <n>         at most n runs (ingress's default: 50)

baton runs show <id>: the run (ensemble, revision, status, input, output, error) and its timeline,
one row per event of its log: time from the first event, event, agent[#iteration], attempt, detail;
then its notifications, one row per delivery attempt: time, delivery, event, target, attempt,
status, answer.

Both:
  --json              print what the API answered instead ({ runs, nextCursor } or { run, events })
  --url <url>         ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

Times are UTC. Exit status: 0 shown, 1 refused (unknown run) or unreachable, 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, {
      ensemble: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      ...INGRESS_URL_OPTION,
    });
    if (!parsed.ok) return commandLineMistake(io, runsCommand, parsed.message);
    const { values, positionals } = parsed;
    const json = values.json === true;

    if (positionals[0] === 'show') {
      const [, id, ...extra] = positionals;
      if (id === undefined) return commandLineMistake(io, runsCommand, 'which run? (missing <id>)');
      if (extra.length > 0) return commandLineMistake(io, runsCommand, `unexpected argument '${extra[0]}'`);
      const filter = ['ensemble', 'status', 'limit'].find(
        (name) => values[name as keyof typeof values] !== undefined,
      );
      if (filter)
        return commandLineMistake(io, runsCommand, `--${filter} lists runs; it does not apply to runs show`);
      const found = await findIngress(values.url, io.env);
      if (!found.ok) return commandLineMistake(io, runsCommand, found.message);
      return showRun(io, found.ingress, id, json);
    }
    if (positionals.length > 0)
      return commandLineMistake(io, runsCommand, `unexpected argument '${positionals[0]}'`);
    if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) {
      return commandLineMistake(
        io,
        runsCommand,
        `--limit must be a positive whole number (got '${values.limit}')`,
      );
    }
    const found = await findIngress(values.url, io.env);
    if (!found.ok) return commandLineMistake(io, runsCommand, found.message);
    const query = new URLSearchParams();
    for (const name of ['ensemble', 'status', 'limit'] as const) {
      const value = values[name];
      if (value !== undefined) query.set(name, value);
    }
    const text = query.size > 0 ? `?${query}` : '';
    const response = await callIngress(found.ingress, {
      method: 'GET',
      path: `/api/runs${text}`,
      withApiKey: true,
    });
    if (!isSuccess(response)) return failed(io, response);
    io.stdout.write(
      json
        ? `${JSON.stringify(response.body, null, 2)}\n`
        : formatRunList(response.body as RunPage, Date.now()),
    );
    return EXIT.ok;
  },
};

async function showRun(io: CommandIo, ingress: Ingress, id: string, json: boolean): Promise<number> {
  const runPath = `/api/runs/${encodeURIComponent(id)}`;
  const [run, log, notified] = await Promise.all([
    callIngress(ingress, { method: 'GET', path: runPath, withApiKey: true }),
    callIngress(ingress, { method: 'GET', path: `${runPath}/events`, withApiKey: true }),
    callIngress(ingress, { method: 'GET', path: `${runPath}/deliveries`, withApiKey: true }),
  ]);
  if (!isSuccess(run)) return failed(io, run);
  if (!isSuccess(log)) return failed(io, log);
  const events = timelineOf(log.body);
  if (typeof events === 'string') {
    io.stderr.write(`baton runs: ${events}\n`);
    return EXIT.failed;
  }
  // The deliveries are an extra: an ingress without the route (older) or a read model that is down
  // still shows the run and its timeline.
  const deliveries = isSuccess(notified)
    ? ((notified.body as { deliveries?: DeliveryRow[] } | null)?.deliveries ?? [])
    : undefined;
  if (json) {
    io.stdout.write(`${JSON.stringify({ run: run.body, events, deliveries }, null, 2)}\n`);
  } else {
    const notifications = deliveries === undefined ? '' : `\n${formatDeliveries(deliveries)}`;
    io.stdout.write(`${formatRunHeader(run.body as RunDocument)}\n${formatTimeline(events)}${notifications}`);
  }
  return EXIT.ok;
}

/**
 * The events `GET /api/runs/<id>/events` answered, through the engine's decoder; events newer than
 * this CLI are kept, so the timeline lists them. A text saying what is wrong when they do not decode.
 */
function timelineOf(body: unknown): RunEvent[] | string {
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return 'the events of the run are missing from the answer';
  try {
    return decodeRunEvents(events, { unknownEvents: 'keep' });
  } catch (error) {
    if (error instanceof RunLogDecodeError) return `the events of the run do not decode: ${error.message}`;
    throw error;
  }
}

function failed(io: CommandIo, response: IngressResponse): number {
  io.stderr.write(`baton runs: ${describeFailure(response)}\n`);
  return EXIT.failed;
}
