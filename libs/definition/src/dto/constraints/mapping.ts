import { isMapping, PATH, Rule } from './rule';

/** A YAML mapping (`key: value` pairs); maps of DTOs arrive here as a Map. */
export function IsMapping(schema: { [key: string]: unknown } = { type: 'object' }): PropertyDecorator {
  return Rule({
    name: `isMapping:${JSON.stringify(schema)}`,
    code: 'invalid-value',
    test: (value) => isMapping(value) || value instanceof Map,
    message: () => `${PATH} must be a mapping of keys to values`,
    schema,
  });
}
