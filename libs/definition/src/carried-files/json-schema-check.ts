/** Checks that an embedded JSON Schema (input.schema, a validate agent's schema) is a valid schema. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export interface SchemaProblem {
  /** Path inside the schema of the offending keyword, e.g. ['properties', 'total', 'type']. */
  readonly at: readonly string[];
  readonly message: string;
}

export function schemaProblem(schema: unknown): SchemaProblem | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { at: [], message: 'a JSON Schema must be an object' };
  }
  // a fresh instance per schema: schemas of different ensembles may reuse the same $id
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  if (!ajv.validateSchema(schema)) {
    const error = ajv.errors?.[0];
    const at = (error?.instancePath ?? '')
      .split('/')
      .filter((part) => part !== '')
      .map(decodePointer);
    return { at, message: `${error?.instancePath || 'the schema'} ${error?.message ?? 'is invalid'}` };
  }
  try {
    ajv.compile(schema);
    return undefined;
  } catch (error) {
    // Ajv throws when a schema is well-formed but cannot be compiled (an unresolvable $ref, …)
    if (error instanceof Error) return { at: [], message: error.message };
    throw error;
  }
}

function decodePointer(part: string): string {
  return part.replaceAll('~1', '/').replaceAll('~0', '~');
}
