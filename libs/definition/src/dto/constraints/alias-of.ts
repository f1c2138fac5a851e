import { Rule } from './rule';

/** An accepted second spelling of a key (`name` for `ensemble`): writing both is an error. */
export function AliasOf(canonical: string): PropertyDecorator {
  return (target, property) =>
    Rule({
      name: `aliasOf:${canonical}`,
      code: 'conflicting-keys',
      test: (_value, object) => (object as Record<string, unknown>)[canonical] === undefined,
      message: () => `write either '${canonical}' or its alias '${String(property)}', not both`,
      schema: {},
    })(target, property);
}
