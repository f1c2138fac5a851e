import { EXIT, type Command } from '../command';

/**
 * Verbs a build lists in `baton help` before they exist: running one says so. Every verb of
 * interfaces.md is built now; a new promised verb gets `plannedCommand({...})` in registry.ts until
 * its own file replaces it.
 */
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
