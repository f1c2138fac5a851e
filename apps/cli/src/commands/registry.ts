import type { Command } from '../command';
import * as planned from './planned';
import { validateCommand } from './validate';

/**
 * Every verb `baton` knows, in the order `baton help` lists them (the order of interfaces.md).
 * Adding a verb touches only its own file and one line here.
 */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  planned.start,
  planned.run,
  planned.runs,
  planned.approve,
  planned.reject,
  planned.webhook,
  planned.streams,
];
