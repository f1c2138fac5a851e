import { EXIT, type Command } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { loadEnsembleTargets } from '../validation/ensemble-targets';
import { formatJsonReport, formatTextReport } from '../validation/validation-report';
import { commandLineMistake } from '../usage';
import { isValid } from '../validation/validation-result';

const DEFAULT_DIR = './ensembles';
const SYNOPSIS = 'validate [<file|dir>...] [--graph] [--json]';

export const validateCommand: Command = {
  name: 'validate',
  synopses: [SYNOPSIS],
  summary: 'check ensembles; print each problem as file:line:col message',
  details: `Loads each file, or every *.yaml / *.yml ensemble of each directory, with the scripts and
schemas beside it, exactly as the services would. Without a path: $ENSEMBLES_DIR, else ${DEFAULT_DIR}.

Options:
  --graph   print each ensemble's dependency graph (the order its agents run in)
  --json    print one JSON report on stdout instead of text: { valid, errors, warnings,
            ensembles, issues, emptyDirectories }

Errors and warnings go to stderr as file:line:col severity: message.
Exit status: 0 valid (warnings allowed), 1 any error or a directory without ensembles,
2 wrong command line or a path that does not exist.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, { graph: { type: 'boolean' }, json: { type: 'boolean' } });
    if (!parsed.ok) return commandLineMistake(io, validateCommand, parsed.message);
    const targets =
      parsed.positionals.length > 0 ? parsed.positionals : [io.env.ENSEMBLES_DIR || DEFAULT_DIR];
    const loaded = await loadEnsembleTargets(targets, io.cwd);
    if (!loaded.ok) {
      io.stderr.write(`baton validate: ${loaded.message}\n`);
      return EXIT.usage;
    }

    const options = { graph: parsed.values.graph === true };
    if (parsed.values.json) {
      io.stdout.write(formatJsonReport(loaded.result, options));
    } else {
      const report = formatTextReport(loaded.result, options);
      io.stderr.write(report.stderr);
      io.stdout.write(report.stdout);
    }
    return isValid(loaded.result) ? EXIT.ok : EXIT.failed;
  },
};
