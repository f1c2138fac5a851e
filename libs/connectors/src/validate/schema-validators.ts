/**
 * Compiled validators, one per distinct schema (keyed by its JSON text), from @baton/json-schemas:
 * formats, drafts by `$schema`, and patterns matched in linear time.
 */
import type { ValidateFunction } from 'ajv';
import { compileJsonSchema, type JsonSchema } from '@baton/json-schemas';
import { BoundedCache } from '../bounded-cache';
import { failed, OperationFailure } from '../outcome';

export { readableErrors } from '@baton/json-schemas';

const VALIDATOR_CACHE_CAPACITY = 500;
const validators = new BoundedCache<string, ValidateFunction>(VALIDATOR_CACHE_CAPACITY);

export function schemaValidator(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) {
    throw new OperationFailure(
      failed('invalid-schema', `the schema does not compile: ${compiled.message}`, { retryable: false }),
    );
  }
  validators.set(key, compiled.validate);
  return compiled.validate;
}
