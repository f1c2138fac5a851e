import type { ValidateFunction } from 'ajv';
import { compileJsonSchema } from '@baton/json-schemas';
import type { EnsembleDefinition } from '@baton/model';
import { ApiError } from '../http/api-error';

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Refuses (422) a run input that fails the ensemble's `input.schema`; nothing runs then. Patterns
 * match in linear time (@baton/json-schemas), so no input can stall ingress.
 */
export function assertValidInput(definition: EnsembleDefinition, input: unknown): void {
  const schema = definition.inputSchema;
  if (!schema) return;
  let validate = compiled.get(schema);
  if (!validate) {
    const compilation = compileJsonSchema(schema);
    // The loader compiles the same schema with the same engine at registration, so this is a
    // revision stored before that check: its input schema cannot be applied, and nothing starts.
    if (!compilation.ok) {
      throw ApiError.invalidInput(
        `the input schema of '${definition.name}' does not compile: ${compilation.message}`,
      );
    }
    validate = compilation.validate;
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
