import { EXIT, type Command, type CommandIo } from './command';

const NOT_YET = '(not in this build yet)';

/** The text of `baton help`: every verb the interface promises, built or not. */
export function formatUsage(commands: readonly Command[]): string {
  // Synopses are long (`webhook send …`): each summary goes under its synopsis, not beside it.
  const lines = commands.flatMap((command) => [
    ...command.synopses.map((synopsis) => `  baton ${synopsis}`),
    `      ${summaryOf(command)}`,
  ]);
  return [
    'Usage: baton <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `baton help <command>` for the options of one command.',
    '',
  ].join('\n');
}

/** The text of `baton help <verb>` and `baton <verb> --help`. */
export function formatCommandHelp(command: Command): string {
  const synopses = command.synopses.map(
    (synopsis, index) => `${index === 0 ? 'Usage:' : '      '} baton ${synopsis}`,
  );
  return [
    ...synopses,
    '',
    summaryOf(command),
    ...(command.details ? ['', command.details.trimEnd()] : []),
    '',
  ].join('\n');
}

function summaryOf(command: Command): string {
  return `${command.summary}${command.available ? '' : ` ${NOT_YET}`}`;
}

/**
 * Reports a mistake on the command line (unknown option, missing argument) with the verb's usage,
 * on stderr, and returns the exit status for it.
 */
export function commandLineMistake(
  io: CommandIo,
  command: Pick<Command, 'name' | 'synopses'>,
  message: string,
): number {
  const usage = command.synopses.map(
    (synopsis, index) => `${index === 0 ? 'Usage:' : '      '} baton ${synopsis}`,
  );
  io.stderr.write(`baton ${command.name}: ${message}\n${usage.join('\n')}\n`);
  return EXIT.usage;
}
