/**
 * Ajv instances for the JSON Schemas of ensembles (`input.schema`, `validate` agents, the schemas
 * the loader checks), configured once: formats from ajv-formats, the linear-time regular
 * expressions of linear-regexp.ts, draft-07 by default and 2019-09 / 2020-12 when `$schema` says so.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { linearRegExp } from './linear-regexp';

export type JsonSchema = Readonly<Record<string, unknown>> | boolean;

function createAjv<T extends Ajv>(AjvClass: new (options: object) => T): T {
  // strict: false — ensemble authors' schemas often carry `example`, `title`-like extras (and strict
  // mode would also run patternProperties against property names with the backtracking engine);
  // addUsedSchema: false — two schemas may share an `$id` across ensembles without clashing.
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    addUsedSchema: false,
    code: { regExp: linearRegExp },
  });
  addFormats(ajv);
  return ajv;
}

let instances: { draft07: Ajv; draft2019: Ajv; draft2020: Ajv } | undefined;

/** The Ajv that compiles `schema`, by the draft its `$schema` names. */
export function ajvFor(schema: unknown): Ajv {
  instances ??= { draft07: createAjv(Ajv), draft2019: createAjv(Ajv2019), draft2020: createAjv(Ajv2020) };
  const declared =
    typeof schema === 'object' && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof declared === 'string' && declared.includes('2020-12')) return instances.draft2020;
  if (typeof declared === 'string' && declared.includes('2019-09')) return instances.draft2019;
  return instances.draft07;
}

export type SchemaCompilation =
  | { readonly ok: true; readonly validate: ValidateFunction }
  | { readonly ok: false; readonly message: string };

/** Distinct schemas kept compiled; the least recently used go past it. */
const COMPILED_CAPACITY = 500;
const compiled = new Map<string, SchemaCompilation>();

/**
 * Compiles `schema` (a pattern RE2 cannot compile is a failure here, with RE2's reason), once per
 * distinct schema text: callers hold fresh copies of the same schema (ingress re-reads definitions
 * every 2 s), and Ajv would otherwise keep every copy, and a compiled function for it, for ever.
 */
export function compileJsonSchema(schema: JsonSchema): SchemaCompilation {
  const key = JSON.stringify(schema);
  const known = compiled.get(key);
  if (known !== undefined) {
    compiled.delete(key);
    compiled.set(key, known);
    return known;
  }
  const ajv = ajvFor(schema);
  let result: SchemaCompilation;
  try {
    result = { ok: true, validate: ajv.compile(schema) };
  } catch (error) {
    result = { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    // The validator keeps what it needs; Ajv's own cache entry for this object would only grow.
    if (typeof schema === 'object') ajv.removeSchema(schema);
  }
  compiled.set(key, result);
  if (compiled.size > COMPILED_CAPACITY) compiled.delete(compiled.keys().next().value as string);
  return result;
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
