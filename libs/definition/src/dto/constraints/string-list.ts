import { PATH, Rule } from './rule';

/** A list of strings; a single string is accepted as a list of one where `single` says so. */
export function IsStringList(spec: { readonly what: string; readonly single?: boolean }): PropertyDecorator {
  return Rule({
    name: `isStringList:${spec.what}:${spec.single ? 'single' : 'list'}`,
    code: 'invalid-value',
    test: (value) =>
      (spec.single === true && typeof value === 'string') ||
      (Array.isArray(value) && value.every((item) => typeof item === 'string')),
    message: () => `${PATH} must be a list of ${spec.what}${spec.single ? ` (or a single one)` : ''}`,
    schema: spec.single
      ? { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }
      : { type: 'array', items: { type: 'string' } },
  });
}
