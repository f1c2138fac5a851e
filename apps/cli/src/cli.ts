import { closest, distance } from 'fastest-levenshtein';
import { EXIT, type Command, type CommandIo } from './command';
import { COMMANDS } from './commands/registry';
import { formatCommandHelp, formatUsage } from './usage';

const HELP_FLAGS = new Set(['--help', '-h']);

/** Runs one `baton` command line (without `node` and the script) and returns its exit status. */
export async function runCli(
  argv: readonly string[],
  io: CommandIo,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === undefined) {
    io.stderr.write(formatUsage(commands));
    return EXIT.usage;
  }
  if (verb === 'help' || HELP_FLAGS.has(verb)) return help(args[0], io, commands);

  const command = commands.find((candidate) => candidate.name === verb);
  if (!command) return unknownCommand(verb, io, commands);
  if (optionsOf(args).some((arg) => HELP_FLAGS.has(arg))) {
    io.stdout.write(formatCommandHelp(command));
    return EXIT.ok;
  }
  return command.run(args, io);
}

function help(verb: string | undefined, io: CommandIo, commands: readonly Command[]): number {
  if (verb === undefined) {
    io.stdout.write(formatUsage(commands));
    return EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === verb);
  if (!command) return unknownCommand(verb, io, commands);
  io.stdout.write(formatCommandHelp(command));
  return EXIT.ok;
}

function unknownCommand(verb: string, io: CommandIo, commands: readonly Command[]): number {
  const suggestion = closest(
    verb,
    commands.map((command) => command.name),
  );
  // Only a near miss is worth suggesting: `valdiate` → `validate`, not `deploy` → `reject`.
  const hint =
    distance(verb, suggestion) <= Math.max(2, Math.floor(verb.length / 3))
      ? ` Did you mean '${suggestion}'?`
      : '';
  io.stderr.write(`baton: unknown command '${verb}'.${hint}\n\n${formatUsage(commands)}`);
  return EXIT.usage;
}

// Arguments after `--` are values, never a request for help.
function optionsOf(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end === -1 ? args : args.slice(0, end);
}
