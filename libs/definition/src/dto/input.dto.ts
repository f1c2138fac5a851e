import { IsOptional } from 'class-validator';
import { isMapping, PATH, Rule } from './constraints/rule';

/** `input:` of an ensemble: the JSON Schema a run's input must satisfy. */
export class EnsembleInputDto {
  @IsOptional()
  @Rule({
    name: 'isSchemaSource',
    code: 'invalid-value',
    test: (value) => isMapping(value) || typeof value === 'string',
    message: () =>
      `${PATH} must be a JSON Schema object, a schema file (schemas/x.json), a schema name or \${component.NAME@VERSION}`,
    schema: { anyOf: [{ type: 'object' }, { type: 'string' }] },
  })
  schema?: Record<string, unknown> | string;
}
