import type { Baton, RunFilter } from '@baton/client';
import { decodeRunEvents, RunLogDecodeError, type RunEvent } from '@baton/engine';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { batonClient, INGRESS_URL_OPTION, reportFailure } from '../ingress/baton-client';
import { formatDeliveries } from '../runs/run-deliveries';
import { formatRunHeader, type RunDocument } from '../runs/run-header';
import { formatRunList } from '../runs/run-list';
import { formatTimeline } from '../runs/run-timeline';
import { pasteableCli } from '../stack/cli-invocation';
import { commandLineMistake } from '../usage';

/** `runs <action> <id>`: what each action does with one run. */
const RUN_ACTIONS = {
  show: showRun,
  cancel: cancelRun,
  rerun: rerunRun,
} as const satisfies Record<
  string,
  (io: CommandIo, baton: Baton, id: string, json: boolean) => Promise<number>
>;
type RunAction = keyof typeof RUN_ACTIONS;

const LIST_FILTERS = ['ensemble', 'status', 'limit'] as const;

export const runsCommand: Command = {
  name: 'runs',
  synopses: [
    'runs [--ensemble <name>] [--status <status>] [--limit <n>] [--json]',
    'runs show <id> [--json]',
    'runs cancel <id>',
    'runs rerun <id>',
  ],
  summary: 'list runs, newest first; show one with its timeline, cancel it, or run it again',
  details: `baton runs: a table of runs (id, ensemble, status, started, duration), newest first.
  --ensemble <name>   only this ensemble's runs
  --status <status>   queued, running, completed, failed, timed_out or cancelled
  --limit <n>         at most n runs (ingress's default: 50)

baton runs show <id>: the run (ensemble, revision, status, input, output, error) and its timeline,
one row per event of its log: time from the first event, event, agent[#iteration], attempt, detail;
then its notifications, one row per delivery attempt: time, delivery, event, target, attempt,
status, answer.

baton runs cancel <id>: asks the run to stop (it ends as cancelled; a wait or a retry timer is
dropped, an attempt in flight finishes but its result is ignored). A run that has ended: exit 1.

baton runs rerun <id>: starts a new run of the same ensemble (its latest revision) with the same
input, and prints the new run's id alone (id=$(baton runs rerun <id>) works).

All:
  --json              print what the API answered instead ({ runs, nextCursor } or { run, events, deliveries })
  --url <url>         ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

Times are UTC. Exit status: 0 done, 1 refused (unknown run, already ended) or unreachable, 2 wrong
command line.`,
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
    const [action, id, ...extra] = positionals;

    if (action !== undefined) {
      if (!isRunAction(action)) {
        return commandLineMistake(
          io,
          runsCommand,
          `unexpected argument '${action}' (actions: ${Object.keys(RUN_ACTIONS).join(', ')})`,
        );
      }
      if (id === undefined) return commandLineMistake(io, runsCommand, 'which run? (missing <id>)');
      if (extra.length > 0) return commandLineMistake(io, runsCommand, `unexpected argument '${extra[0]}'`);
      const filter = LIST_FILTERS.find((name) => values[name] !== undefined);
      if (filter)
        return commandLineMistake(
          io,
          runsCommand,
          `--${filter} lists runs; it does not apply to runs ${action}`,
        );
      if (json && action !== 'show')
        return commandLineMistake(io, runsCommand, `--json applies to the list and to runs show`);
      const found = await batonClient(values.url, io.env);
      if (!found.ok) return commandLineMistake(io, runsCommand, found.message);
      return RUN_ACTIONS[action](io, found.baton, id, json);
    }
    if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) {
      return commandLineMistake(
        io,
        runsCommand,
        `--limit must be a positive whole number (got '${values.limit}')`,
      );
    }
    const found = await batonClient(values.url, io.env);
    if (!found.ok) return commandLineMistake(io, runsCommand, found.message);
    // Filters go to the API as they are: ingress says what is wrong with them.
    const filter = {
      ensemble: values.ensemble,
      status: values.status,
      limit: values.limit === undefined ? undefined : Number(values.limit),
    } as RunFilter;
    try {
      const page = await found.baton.runs.list(filter);
      io.stdout.write(json ? `${JSON.stringify(page, null, 2)}\n` : formatRunList(page, Date.now()));
      return EXIT.ok;
    } catch (error) {
      return reportFailure(io, 'runs', error);
    }
  },
};

function isRunAction(action: string): action is RunAction {
  return Object.hasOwn(RUN_ACTIONS, action);
}

async function showRun(io: CommandIo, baton: Baton, id: string, json: boolean): Promise<number> {
  try {
    const [run, log, deliveries] = await Promise.all([
      baton.runs.get(id),
      baton.runs.events(id),
      // The deliveries are an extra: an older ingress without the route, or a read model that is
      // down, still shows the run and its timeline.
      baton.runs.deliveries(id).catch(() => undefined),
    ]);
    const events = timelineOf(log);
    if (typeof events === 'string') {
      io.stderr.write(`baton runs: ${events}\n`);
      return EXIT.failed;
    }
    if (json) {
      io.stdout.write(`${JSON.stringify({ run, events, deliveries }, null, 2)}\n`);
    } else {
      const notifications = deliveries === undefined ? '' : `\n${formatDeliveries(deliveries)}`;
      io.stdout.write(`${formatRunHeader(run as RunDocument)}\n${formatTimeline(events)}${notifications}`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, 'runs', error);
  }
}

async function cancelRun(io: CommandIo, baton: Baton, id: string): Promise<number> {
  try {
    await baton.runs.cancel(id);
    io.stdout.write(`cancelling run ${id} (follow it with: ${pasteableCli(io)} runs show ${id})\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, 'runs', error);
  }
}

async function rerunRun(io: CommandIo, baton: Baton, id: string): Promise<number> {
  try {
    const { runId } = await baton.runs.rerun(id);
    io.stdout.write(`${runId}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, 'runs', error);
  }
}

/**
 * The run's events as the API answered them, through the engine's decoder; events newer than this
 * CLI are kept, so the timeline lists them. A text saying what is wrong when they do not decode.
 */
function timelineOf(events: readonly unknown[]): RunEvent[] | string {
  try {
    return decodeRunEvents(events, { unknownEvents: 'keep' });
  } catch (error) {
    if (error instanceof RunLogDecodeError) return `the events of the run do not decode: ${error.message}`;
    throw error;
  }
}
