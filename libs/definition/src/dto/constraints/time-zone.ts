import { didYouMean } from '../../suggestions';
import { PATH, Rule } from './rule';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch (error) {
    // Intl refuses an unknown zone with a RangeError; anything else is unexpected
    if (error instanceof RangeError) return false;
    throw error;
  }
}

export function IsTimeZone(): PropertyDecorator {
  return Rule({
    name: 'isTimeZone',
    code: 'invalid-timezone',
    test: (value) => typeof value === 'string' && isTimeZone(value),
    message: (value) =>
      typeof value === 'string'
        ? `unknown time zone '${value}'${didYouMean(value, Intl.supportedValuesOf('timeZone'))}; expected an IANA zone such as Europe/Paris or UTC`
        : `${PATH} must be an IANA time zone such as Europe/Paris or UTC`,
    schema: { type: 'string' },
  });
}
