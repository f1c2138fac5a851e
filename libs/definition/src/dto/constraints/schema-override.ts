/** Where the editor schema of a property is not what its validators say, it is set here. */
import { Allow } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { DecoratorSchema } from 'class-validator-jsonschema/build/decorators';
import { all } from './rule';

/** The property's editor schema is exactly this (computed when the schema is generated). */
export function ReplacedSchema(schema: () => { [key: string]: unknown }): PropertyDecorator {
  return (target, key) => JSONSchema((() => schema()) as unknown as DecoratorSchema)(target, String(key));
}

/**
 * The `type` of a variant the picker chose by that very value (so it is valid by construction): the
 * editor schema pins it to the one value.
 */
export function Discriminator(value: string): PropertyDecorator {
  return all(
    Allow(),
    ReplacedSchema(() => ({ const: value })),
  );
}

/** Editor-schema keywords of a whole DTO (titles, alternatives, pattern properties). */
export function ClassSchema(schema: { [key: string]: unknown }): ClassDecorator {
  return (target) => JSONSchema(schema as DecoratorSchema)(target);
}
