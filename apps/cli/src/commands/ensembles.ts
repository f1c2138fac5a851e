import type { Baton } from '@baton/client';
import { EXIT, type Command, type CommandIo } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { formatEnsembleDetail, formatEnsembleList } from '../ensembles/ensemble-text';
import { batonClient, INGRESS_URL_OPTION, reportFailure } from '../ingress/baton-client';
import { commandLineMistake } from '../usage';

/** What each action does. */
const ENSEMBLE_ACTIONS = {
  ls: { takesName: false, run: listEnsembles },
  show: { takesName: true, run: showEnsemble },
  rm: { takesName: true, run: removeEnsemble },
} as const satisfies Record<
  string,
  { takesName: boolean; run: (io: CommandIo, baton: Baton, json: boolean, name: string) => Promise<number> }
>;
type EnsembleAction = keyof typeof ENSEMBLE_ACTIONS;

export const ensemblesCommand: Command = {
  name: 'ensembles',
  synopses: ['ensembles [ls] [--json]', 'ensembles show <name> [--json]', 'ensembles rm <name> [--json]'],
  summary: 'list the registered ensembles, show one with its triggers, agents and revisions, or remove one',
  details: `baton ensembles (or ensembles ls): every registered ensemble at its latest revision: name,
revision, version, agent count, and how it starts (webhook URL and scheme, cron, queue, event).

baton ensembles show <name>: its description, revisions, triggers (a webhook's URL, scheme,
signature header and the variable its secret comes from) and agents in order.

baton ensembles rm <name>: removes the ensemble (DELETE /api/ensembles/<name>): its triggers stop
(cron, webhook paths, queues, events, database); its runs in flight finish with their revision and
its history stays. A file for it still in ENSEMBLES_DIR registers it again when ingress restarts.

Options:
  --json        print what the API answered (GET /api/ensembles, GET or DELETE /api/ensembles/<name>)
  --url <url>   ingress (default $BATON_URL, else http://127.0.0.1:$INGRESS_PORT)

Exit status: 0 shown or removed, 1 unknown ensemble or ingress unreachable, 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, { json: { type: 'boolean' }, ...INGRESS_URL_OPTION });
    if (!parsed.ok) return commandLineMistake(io, ensemblesCommand, parsed.message);
    const [action = 'ls', name, ...extra] = parsed.positionals;
    if (!isAction(action)) {
      return commandLineMistake(
        io,
        ensemblesCommand,
        `unknown action '${action}' (actions: ${Object.keys(ENSEMBLE_ACTIONS).join(', ')})`,
      );
    }
    const { takesName, run } = ENSEMBLE_ACTIONS[action];
    if (takesName && name === undefined)
      return commandLineMistake(io, ensemblesCommand, 'which ensemble? (missing <name>)');
    const unexpected = takesName ? extra[0] : name;
    if (unexpected !== undefined)
      return commandLineMistake(io, ensemblesCommand, `unexpected argument '${unexpected}'`);
    const found = await batonClient(parsed.values.url, io.env);
    if (!found.ok) return commandLineMistake(io, ensemblesCommand, found.message);
    return run(io, found.baton, parsed.values.json === true, name ?? '');
  },
};

function isAction(action: string): action is EnsembleAction {
  return Object.hasOwn(ENSEMBLE_ACTIONS, action);
}

async function listEnsembles(io: CommandIo, baton: Baton, json: boolean): Promise<number> {
  try {
    const ensembles = await baton.ensembles.list();
    io.stdout.write(
      json ? `${JSON.stringify({ ensembles }, null, 2)}\n` : formatEnsembleList(ensembles, baton.url),
    );
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, 'ensembles', error);
  }
}

async function showEnsemble(io: CommandIo, baton: Baton, json: boolean, name: string): Promise<number> {
  try {
    const ensemble = await baton.ensembles.get(name);
    io.stdout.write(
      json ? `${JSON.stringify(ensemble, null, 2)}\n` : formatEnsembleDetail(ensemble, baton.url),
    );
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, 'ensembles', error);
  }
}

async function removeEnsemble(io: CommandIo, baton: Baton, json: boolean, name: string): Promise<number> {
  try {
    const removed = await baton.ensembles.remove(name);
    io.stdout.write(
      json
        ? `${JSON.stringify(removed, null, 2)}\n`
        : `Removed ensemble ${removed.name} (last revision ${removed.revision}): its triggers are stopped; runs in flight go on and its history is kept.\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, 'ensembles', error);
  }
}
