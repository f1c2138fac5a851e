import type { ValidateFunction } from 'ajv';
import type { InputValidator, JsonSchema } from '@baton/intake';
import { compileJsonSchema } from '@baton/json-schemas';

/** A compiled schema, or why it does not compile (a revision stored before the loader checked it). */
const compiled = new WeakMap<object, ValidateFunction | string>();

/**
 * Ingress's input checker for the RunStarter: a run input against the ensemble's `input.schema`
 * (the starter refuses it, 422, saying each problem; nothing runs then). Patterns match in linear
 * time (@baton/json-schemas), so no input can stall ingress.
 */
export const inputSchemaValidator: InputValidator = {
  check(schema: JsonSchema, input: unknown) {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      const compilation = compileJsonSchema(schema);
      validate = compilation.ok ? compilation.validate : compilation.message;
      compiled.set(schema, validate);
    }
    if (typeof validate === 'string') {
      return [{ path: '/', message: `the input schema does not compile: ${validate}` }];
    }
    if (validate(input)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.message ?? 'is invalid',
    }));
  },
};
