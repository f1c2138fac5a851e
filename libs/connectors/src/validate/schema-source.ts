/**
 * Finds the JSON Schema a `validate` agent names. `input.schema` may be:
 * - a schema object (also what `${component.x@v1}` evaluates to);
 * - a path such as `schemas/order.json` (`.json` may be left out);
 * - a name such as `order` or `order@v1.0.0`: a loaded component of that name, else
 *   `schemas/order@v1.0.0.json`, then `schemas/order.json`.
 * Every file comes from the revision (`definition.files`), never from the disk.
 */
import type { EnsembleDefinition } from '@baton/model';
import { failed, OperationFailure } from '../outcome';

import type { JsonSchema } from '@baton/json-schemas';

export type { JsonSchema };

export function resolveSchema(schema: unknown, definition: EnsembleDefinition): JsonSchema {
  if (
    typeof schema === 'boolean' ||
    (typeof schema === 'object' && schema !== null && !Array.isArray(schema))
  ) {
    return schema as JsonSchema;
  }
  if (typeof schema !== 'string' || schema.trim() === '') {
    throw new OperationFailure(
      failed(
        'invalid-config',
        'validate needs input.schema: a JSON Schema object, a path like schemas/x.json, or a schema name',
        {
          retryable: false,
        },
      ),
    );
  }
  if (!schema.includes('/') && schema in definition.components)
    return definition.components[schema] as JsonSchema;
  const candidates = schemaFileCandidates(schema);
  const file = candidates.find((candidate) => candidate in definition.files);
  if (file === undefined) {
    throw new OperationFailure(
      failed(
        'unknown-schema',
        `schema '${schema}' is not part of the revision (looked for ${candidates.join(', ')})`,
        {
          retryable: false,
        },
      ),
    );
  }
  return parseSchemaFile(file, definition.files[file]);
}

function schemaFileCandidates(schema: string): string[] {
  if (schema.includes('/')) return schema.endsWith('.json') ? [schema] : [schema, `${schema}.json`];
  const candidates = [`schemas/${schema}.json`];
  const [name, version] = schema.split('@');
  if (version !== undefined) candidates.push(`schemas/${name}.json`);
  return candidates;
}

function parseSchemaFile(file: string, text: string): JsonSchema {
  try {
    return JSON.parse(text) as JsonSchema;
  } catch (error) {
    throw new OperationFailure(
      failed('invalid-schema', `${file} is not valid JSON: ${(error as Error).message}`, {
        retryable: false,
      }),
    );
  }
}
