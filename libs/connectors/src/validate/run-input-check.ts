/**
 * The worker's InputValidator for the runs its agents send (`storage` queue sends): an ensemble's
 * `input.schema` checked with the same compiled validators as the `validate` operation.
 */
import type { InputProblem, JsonSchema } from '@baton/intake';
import { schemaValidator } from './schema-validators';

export function checkRunInput(schema: JsonSchema, input: unknown): InputProblem[] {
  const validate = schemaValidator(schema);
  if (validate(input)) return [];
  return (validate.errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: error.message ?? 'is invalid',
  }));
}
