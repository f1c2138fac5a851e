import { ValidateBy } from 'class-validator';
import { ParsedWith } from '../config-metadata';

/** Decimal numbers, surrounding blanks allowed; other text is kept for the validator to refuse. */
function parseDecimal(text: string): unknown {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

export class NotifierConfig {
  /**
   * Multiplies every delay of the notification retry schedule: 1 in production. End-to-end tests
   * set e.g. 0.01, so 1 s, 5 s, 30 s, 2 min, 5 min take about 4 s in all.
   */
  @ParsedWith(parseDecimal)
  @ValidateBy({
    name: 'isTimeScale',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && value > 0 && value <= 1,
      defaultMessage: () => '$property must be a number greater than 0 and at most 1 (1 in production)',
    },
  })
  NOTIFIER_TIME_SCALE = 1;
}
