import { BatonNetworkError } from '@baton/client';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { batonClient, describeFailure, INGRESS_URL_OPTION, reportFailure } from '../ingress/baton-client';
import { formatEventLine, inLogOrder, type LoggedEvent } from '../logs/event-line';
import { RunLogFollower } from '../logs/run-log-follower';
import { commandLineMistake } from '../usage';

const DEFAULT_BACKLOG = 10;
const POLL_MS = 1000;

export const logsCommand: Command = {
  name: 'logs',
  synopses: ['logs [-f] [--run <id>] [--ensemble <name>] [--limit <n>] [--json]'],
  summary: "print runs' events as readable lines; -f follows them as they happen",
  details: `Prints the events of runs (their event logs: GET /api/runs/<id>/events) as one line each,
oldest first: time (UTC), ensemble and run id, event, agent[#iteration] (attempt), detail.

Without --run: the events of the newest runs (--limit, default ${DEFAULT_BACKLOG}) of every ensemble or
of --ensemble, found through the run list (GET /api/runs).

Options:
  -f, --follow        keep printing new events (every ${POLL_MS / 1000}s) until Ctrl-C; with --run, until the run ends
  --run <id>          one run's events only
  --ensemble <name>   only this ensemble's runs
  --limit <n>         how many of the newest runs to start from (default ${DEFAULT_BACKLOG})
  --json              one event per line as the API gives it, with its ensemble (for jq)
  --url <url>         ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

Exit status: 0 printed (or stopped with Ctrl-C), 1 unknown run or ingress unreachable, 2 wrong
command line. While following, ingress going away is reported once and waited for.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, {
      follow: { type: 'boolean', short: 'f' },
      run: { type: 'string' },
      ensemble: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      ...INGRESS_URL_OPTION,
    });
    if (!parsed.ok) return commandLineMistake(io, logsCommand, parsed.message);
    const { values, positionals } = parsed;
    if (positionals.length > 0)
      return commandLineMistake(io, logsCommand, `unexpected argument '${positionals[0]}'`);
    if (values.run !== undefined && (values.ensemble !== undefined || values.limit !== undefined)) {
      return commandLineMistake(
        io,
        logsCommand,
        '--run follows one run: --ensemble and --limit choose among runs',
      );
    }
    if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) {
      return commandLineMistake(
        io,
        logsCommand,
        `--limit must be a positive whole number (got '${values.limit}')`,
      );
    }
    const found = await batonClient(values.url, io.env);
    if (!found.ok) return commandLineMistake(io, logsCommand, found.message);

    const follower = new RunLogFollower(found.baton, {
      runId: values.run,
      ensemble: values.ensemble,
      backlog: values.limit === undefined ? DEFAULT_BACKLOG : Number(values.limit),
    });
    const print = (events: readonly LoggedEvent[]) => {
      for (const logged of inLogOrder(events)) {
        io.stdout.write(
          values.json
            ? `${JSON.stringify({ ensemble: logged.ensemble, ...logged.event })}\n`
            : `${formatEventLine(logged, { withRun: values.run === undefined })}\n`,
        );
      }
    };
    try {
      print(await follower.poll());
    } catch (error) {
      return reportFailure(io, 'logs', error);
    }
    return values.follow ? follow(io, follower, print) : EXIT.ok;
  },
};

/** Polls until Ctrl-C (or the one run's end); a failure to reach ingress is said once, then waited out. */
async function follow(
  io: CommandIo,
  follower: RunLogFollower,
  print: (events: readonly LoggedEvent[]) => void,
): Promise<number> {
  const stop = new AbortController();
  const unsubscribe = io.interrupts?.subscribe(() => stop.abort());
  let unreachable = false;
  try {
    while (!follower.done && !stop.signal.aborted) {
      await pause(POLL_MS, stop.signal);
      if (stop.signal.aborted) break;
      try {
        print(await follower.poll());
        unreachable = false;
      } catch (error) {
        if (!(error instanceof BatonNetworkError)) return reportFailure(io, 'logs', error);
        if (!unreachable) io.stderr.write(`baton logs: ${describeFailure(error)} (still trying)\n`);
        unreachable = true;
      }
    }
    return EXIT.ok;
  } finally {
    unsubscribe?.();
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
