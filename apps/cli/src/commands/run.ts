import { parseDuration } from '@baton/model';
import { readJsonArgument } from '../arguments/inline-or-file';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { batonClient, INGRESS_URL_OPTION, reportFailure } from '../ingress/baton-client';
import { formatRunHeader, type RunDocument } from '../runs/run-header';
import { pasteableCli } from '../stack/cli-invocation';
import { commandLineMistake } from '../usage';

const DEFAULT_WAIT = '60s';

export const runCommand: Command = {
  name: 'run',
  synopses: ['run <ensemble> [--input <json|@file>] [--wait[=<duration>]]'],
  summary: 'start a run of an ensemble; with --wait, print how it ended',
  details: `POSTs the input (default {}) to /api/ensembles/<ensemble>/runs and prints the run id.
With --wait it does what @baton/client's execute does: ingress holds the request until the run ends
(25s at most), then the run is polled until it ends or the wait is over.

Options:
  --input <json|@file>     the run's input, inline or from a file
  --wait[=<duration>]      wait for the run to end (default ${DEFAULT_WAIT}; 30s, 2m, 1h, or a number
                           of seconds) and print its status and output
  --url <url>              ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

Exit status: 0 started (with --wait: completed), 1 refused, unreachable, or (with --wait) failed,
timed out, cancelled or still running, 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(withDefaultWait(args), {
      input: { type: 'string' },
      wait: { type: 'string' },
      ...INGRESS_URL_OPTION,
    });
    if (!parsed.ok) return commandLineMistake(io, runCommand, parsed.message);
    const [ensemble, ...extra] = parsed.positionals;
    if (ensemble === undefined)
      return commandLineMistake(io, runCommand, 'which ensemble? (missing <ensemble>)');
    if (extra.length > 0) return commandLineMistake(io, runCommand, `unexpected argument '${extra[0]}'`);

    const wait = parsed.values.wait;
    const waitMs = wait === undefined ? undefined : waitDuration(wait);
    if (waitMs === undefined && wait !== undefined) {
      return commandLineMistake(
        io,
        runCommand,
        `--wait must be a duration such as 30s or 2m (got '${wait}')`,
      );
    }
    const input =
      parsed.values.input === undefined
        ? { ok: true as const, value: {} }
        : await readJsonArgument('--input', parsed.values.input, io.cwd);
    if (!input.ok) return commandLineMistake(io, runCommand, input.message);
    const found = await batonClient(parsed.values.url, io.env);
    if (!found.ok) return commandLineMistake(io, runCommand, found.message);

    try {
      if (waitMs === undefined) {
        io.stdout.write(`${await found.baton.start(ensemble, input.value)}\n`);
        return EXIT.ok;
      }
      const result = await found.baton.execute(ensemble, input.value, { timeout: waitMs });
      return result.run && result.error?.code !== 'not_ended'
        ? ended(io, result.run as RunDocument)
        : notEnded(io, result.runId);
    } catch (error) {
      return reportFailure(io, 'run', error);
    }
  },
};

function notEnded(io: CommandIo, runId: string): number {
  io.stdout.write(`${runId}\n`);
  io.stderr.write(
    `baton run: run ${runId} has not ended yet; follow it with: ${pasteableCli(io)} runs show ${runId}\n`,
  );
  return EXIT.failed;
}

function ended(io: CommandIo, run: RunDocument): number {
  io.stdout.write(formatRunHeader(run, { input: false }));
  return run.status === 'completed' ? EXIT.ok : EXIT.failed;
}

/** `--wait` alone means the default wait: parseArgs has no option with an optional value. */
function withDefaultWait(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  return args.map((arg, index) =>
    arg === '--wait' && (end === -1 || index < end) ? `--wait=${DEFAULT_WAIT}` : arg,
  );
}

/** As ingress reads `?wait=`: a plain number is seconds. */
function waitDuration(text: string): number | undefined {
  return parseDuration(/^\d+$/.test(text.trim()) ? `${text.trim()}s` : text);
}
