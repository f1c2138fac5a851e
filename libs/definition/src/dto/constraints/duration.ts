import { DURATION_HINT, parseDuration } from '@baton/model';
import { PATH, Rule } from './rule';

export function IsDuration(): PropertyDecorator {
  return Rule({
    name: 'isDuration',
    code: 'invalid-duration',
    test: (value) => parseDuration(value) !== undefined,
    message: (value) => `${PATH} must be ${DURATION_HINT}, not ${JSON.stringify(value)}`,
    schema: {
      anyOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)?\\s*$' },
      ],
    },
  });
}
