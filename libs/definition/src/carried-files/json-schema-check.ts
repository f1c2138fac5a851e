/**
 * Checks that an embedded JSON Schema (input.schema, a validate agent's schema) is a valid schema
 * that compiles with the engine that will run it (@baton/json-schemas: a `pattern` RE2 cannot match
 * in linear time is refused here, at registration, with the reason).
 */
import { ajvFor, compileJsonSchema, unsupportedPattern } from '@baton/json-schemas';

export interface SchemaProblem {
  /** Path inside the schema of the offending keyword, e.g. ['properties', 'total', 'type']. */
  readonly at: readonly string[];
  readonly message: string;
}

export function schemaProblem(schema: unknown): SchemaProblem | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { at: [], message: 'a JSON Schema must be an object' };
  }
  const ajv = ajvFor(schema);
  if (!ajv.validateSchema(schema)) {
    const error = ajv.errors?.[0];
    const at = (error?.instancePath ?? '')
      .split('/')
      .filter((part) => part !== '')
      .map(decodePointer);
    return { at, message: `${error?.instancePath || 'the schema'} ${error?.message ?? 'is invalid'}` };
  }
  const pattern = unsupportedPattern(schema);
  if (pattern !== undefined) return pattern;
  // Ajv throws when a schema is well-formed but cannot be compiled (an unresolvable $ref, a pattern
  // RE2 refuses, …)
  const compiled = compileJsonSchema(schema as Record<string, unknown>);
  return compiled.ok ? undefined : { at: [], message: compiled.message };
}

function decodePointer(part: string): string {
  return part.replaceAll('~1', '/').replaceAll('~0', '~');
}
