import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EnsembleDefinition } from '@baton/model';
import { ApiError } from '../http/api-error';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/** Refuses (422) a run input that fails the ensemble's `input.schema`; nothing runs then. */
export function assertValidInput(definition: EnsembleDefinition, input: unknown): void {
  const schema = definition.inputSchema;
  if (!schema) return;
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(input)) {
    const errors = (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.message ?? 'is invalid',
    }));
    throw ApiError.invalidInput(
      `input does not match the input schema of '${definition.name}': ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      { errors },
    );
  }
}
