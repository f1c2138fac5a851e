/**
 * Compiled Ajv validators, one per distinct schema (keyed by its JSON text), with formats
 * (`email`, `date-time`, `uri`, …) from ajv-formats. Draft-07 by default; a schema whose
 * `$schema` names draft 2019-09 or 2020-12 is compiled by the matching Ajv.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { BoundedCache } from '../bounded-cache';
import { failed, messageOf, OperationFailure } from '../outcome';
import type { JsonSchema } from './schema-source';

const VALIDATOR_CACHE_CAPACITY = 500;
const validators = new BoundedCache<string, ValidateFunction>(VALIDATOR_CACHE_CAPACITY);

function createAjv<T extends Ajv>(AjvClass: new (options: object) => T): T {
  // strict: false — ensemble authors' schemas often carry `example`, `title`-like extras;
  // addUsedSchema: false — two schemas may share an `$id` across ensembles without clashing.
  const ajv = new AjvClass({ allErrors: true, strict: false, addUsedSchema: false });
  addFormats(ajv);
  return ajv;
}

const ajvByDraft = {
  draft07: createAjv(Ajv),
  draft2019: createAjv(Ajv2019),
  draft2020: createAjv(Ajv2020),
};

function ajvFor(schema: JsonSchema): Ajv {
  const declared = typeof schema === 'object' ? schema.$schema : undefined;
  if (typeof declared === 'string' && declared.includes('2020-12')) return ajvByDraft.draft2020;
  if (typeof declared === 'string' && declared.includes('2019-09')) return ajvByDraft.draft2019;
  return ajvByDraft.draft07;
}

export function schemaValidator(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajvFor(schema).compile(schema);
  } catch (error) {
    throw new OperationFailure(
      failed('invalid-schema', `the schema does not compile: ${messageOf(error)}`, { retryable: false }),
    );
  }
  validators.set(key, validate);
  return validate;
}

/** `/items/0/price must be >= 0`, `(root) must have required property 'id'`, … */
export function readableErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
    let detail = '';
    if (params.additionalProperty !== undefined) detail = `: '${params.additionalProperty}'`;
    else if (params.allowedValues !== undefined)
      detail = `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    return `${where} ${error.message ?? 'is invalid'}${detail}`;
  });
}
