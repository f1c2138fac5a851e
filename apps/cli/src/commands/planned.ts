import { EXIT, type Command } from '../command';

/**
 * Verbs interfaces.md promises that this build does not have yet. `baton help` lists them and
 * running one says so. Building a verb: write commands/<verb>.ts, put it in place of its entry in
 * registry.ts, and delete the entry here.
 */
export const start = plannedCommand({
  name: 'start',
  synopses: ['start'],
  summary: 'start the whole stack locally with the ensembles directory',
});
export const run = plannedCommand({
  name: 'run',
  synopses: ['run <ensemble> [--input <json|@file>] [--wait]'],
  summary: 'start a run of an ensemble',
});
export const runs = plannedCommand({
  name: 'runs',
  synopses: ['runs [--ensemble <name>] [--status <status>]', 'runs show <id>'],
  summary: 'list runs, newest first; `show` prints one run as a timeline',
});
export const approve = plannedCommand({
  name: 'approve',
  synopses: ['approve <key>'],
  summary: 'resolve a wait with { action: approve }',
});
export const reject = plannedCommand({
  name: 'reject',
  synopses: ['reject <key>'],
  summary: 'resolve a wait with { action: reject }',
});
export const webhook = plannedCommand({
  name: 'webhook',
  synopses: ['webhook send <path> --scheme <scheme> --secret <s> --data <@file|json>'],
  summary: 'sign a payload as a sender would and POST it to a webhook trigger',
});
export const streams = plannedCommand({
  name: 'streams',
  synopses: ['streams'],
  summary: 'show the NATS streams and consumers',
});

export function plannedCommand(verb: Pick<Command, 'name' | 'synopses' | 'summary'>): Command {
  return {
    ...verb,
    available: false,
    async run(_args, io) {
      io.stderr.write(`baton ${verb.name}: not available in this build yet\n`);
      return EXIT.failed;
    },
  };
}
