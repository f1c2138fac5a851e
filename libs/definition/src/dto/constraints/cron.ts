import { Cron } from 'croner';
import { PATH, Rule } from './rule';

const NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Why a cron expression is refused, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (NICKNAMES.includes(trimmed.toLowerCase())) return undefined;
  const fields = trimmed.split(/\s+/).filter((field) => field !== '').length;
  if (fields !== 5 && fields !== 6) {
    return `must have 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first), not ${fields}`;
  }
  try {
    new Cron(trimmed, { paused: true });
    return undefined;
  } catch (error) {
    // croner refuses an invalid pattern by throwing; its message says which part is wrong
    if (error instanceof Error) return `is not valid: ${error.message}`;
    throw error;
  }
}

export function IsCron(): PropertyDecorator {
  return Rule({
    name: 'isCron',
    code: 'invalid-cron',
    test: (value) => typeof value === 'string' && cronProblem(value) === undefined,
    message: (value) =>
      typeof value === 'string'
        ? `${PATH} '${value}' ${cronProblem(value)}`
        : `${PATH} must be a cron expression such as "0 */4 * * *"`,
    schema: { type: 'string' },
  });
}
