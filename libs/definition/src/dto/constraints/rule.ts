/**
 * The building block of the DTO constraints: a named test, the issue code and message it reports,
 * and the JSON Schema of the values it accepts (so the editor schema comes from the same place).
 *
 * Messages may hold `{path}`, replaced by the readable path of the value (`agents[2].retry`), and
 * `{in}`, replaced by ` in <path of the enclosing mapping>`.
 */
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

export type JsonSchema = { readonly [key: string]: unknown };

export const PATH = '{path}';
/** Replaced by ` in <parent path>` (nothing at the top level). */
export const IN_PARENT = '{in}';

export interface RuleSpec {
  /** Unique constraint name; also the key of its JSON Schema. */
  readonly name: string;
  readonly code: string;
  test(value: unknown, object: object): boolean;
  message(value: unknown, object: object): string;
  readonly schema?: JsonSchema;
}

const schemas = new Map<string, JsonSchema>();

export function Rule(spec: RuleSpec, options: ValidationOptions = {}): PropertyDecorator {
  if (spec.schema) schemas.set(spec.name, spec.schema);
  return ValidateBy(
    {
      name: spec.name,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => spec.test(value, args?.object ?? {}),
      },
    },
    {
      ...options,
      message: (args: ValidationArguments) => spec.message(args.value, args.object),
      context: { code: spec.code },
    },
  );
}

/** JSON Schemas of the custom rules, by constraint name (class-validator-jsonschema converters). */
export function ruleSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(schemas);
}

/** Options for a built-in class-validator decorator: `{path} must be <what>`, code `invalid-value`. */
export function must(what: string, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, message: `${PATH} must be ${what}`, context: { code: 'invalid-value' } };
}

/** Options for `@IsDefined`: a required key is missing. */
export function missing(key: string, hint = ''): ValidationOptions {
  return { message: `missing required key '${key}'${IN_PARENT}${hint}`, context: { code: 'missing-key' } };
}

/** Several property decorators as one; `all(A, B)` means what `@A @B` means (applied bottom-up). */
export function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of [...decorators].reverse()) decorator(target, key);
  };
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}
