import { readJsonObjectArgument } from '../arguments/inline-or-file';
import { EXIT, type Command } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { batonClient, INGRESS_URL_OPTION, reportFailure } from '../ingress/baton-client';
import { commandLineMistake } from '../usage';

export type WaitAction = 'approve' | 'reject';

/**
 * `baton approve <key>` and `baton reject <key>`: POST /api/waits/<key> with
 * `{ ...data, action }`. The verb names the action, so `--data` may add fields (a reason, a
 * comment) but not contradict it.
 */
export function waitResolutionCommand(action: WaitAction): Command {
  const command: Command = {
    name: action,
    synopses: [`${action} <key> [--data <json|@file>]`],
    summary: `resolve a wait with { action: ${action} }`,
    details: `POSTs { "action": "${action}", ...data } to /api/waits/<key>: the wait agent with that key
finishes with this object as its output.

Options:
  --data <json|@file>   more fields of the object, e.g. '{"reason": "over budget"}'
  --url <url>           ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

Exit status: 0 resolved, 1 no open wait with that key or ingress unreachable, 2 wrong command line.`,
    available: true,
    async run(args, io) {
      const parsed = parseCommandArguments(args, { data: { type: 'string' }, ...INGRESS_URL_OPTION });
      if (!parsed.ok) return commandLineMistake(io, command, parsed.message);
      const [key, ...extra] = parsed.positionals;
      if (key === undefined) return commandLineMistake(io, command, 'which wait? (missing <key>)');
      if (extra.length > 0) return commandLineMistake(io, command, `unexpected argument '${extra[0]}'`);
      const data =
        parsed.values.data === undefined
          ? { ok: true as const, value: {} }
          : await readJsonObjectArgument('--data', parsed.values.data, io.cwd);
      if (!data.ok) return commandLineMistake(io, command, data.message);
      if (data.value.action !== undefined && data.value.action !== action) {
        return commandLineMistake(
          io,
          command,
          `--data sets action '${String(data.value.action)}': baton ${action} always sends action '${action}'`,
        );
      }
      const found = await batonClient(parsed.values.url, io.env);
      if (!found.ok) return commandLineMistake(io, command, found.message);

      let runId: string;
      try {
        ({ runId } = await found.baton.waits.resolve(key, { ...data.value, action }));
      } catch (error) {
        return reportFailure(io, action, error);
      }
      io.stdout.write(`${action === 'approve' ? 'approved' : 'rejected'} ${key} (run ${runId})\n`);
      return EXIT.ok;
    },
  };
  return command;
}
