import type { Command } from '../command';
import { approveCommand } from './approve';
import { ensemblesCommand } from './ensembles';
import { logsCommand } from './logs';
import { projectionsCommand } from './projections';
import { provisionCommand } from './provision';
import { rejectCommand } from './reject';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { startCommand } from './start';
import { streamsCommand } from './streams';
import { validateCommand } from './validate';
import { webhookCommand } from './webhook';

/**
 * Every verb `baton` knows, in the order `baton help` lists them (the order of interfaces.md).
 * Adding a verb touches only its own file and one line here.
 */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  startCommand,
  runCommand,
  runsCommand,
  approveCommand,
  rejectCommand,
  webhookCommand,
  streamsCommand,
  ensemblesCommand,
  logsCommand,
  provisionCommand,
  projectionsCommand,
];
