import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { InputValidator, JsonSchema } from '@baton/intake';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Ingress's input checker for the RunStarter: a run input against the ensemble's `input.schema`
 * (the starter refuses it, 422, saying each problem; nothing runs then).
 */
export const ajvInputValidator: InputValidator = {
  check(schema: JsonSchema, input: unknown) {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(input)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.message ?? 'is invalid',
    }));
  },
};
