import 'reflect-metadata';

const SENSITIVE = 'baton:config:sensitive';
const DEFAULTS_TO = 'baton:config:defaults-to';
const PARSER = 'baton:config:parser';

/** Parses the raw text of a variable; what it returns is then validated. */
export type EnvParser = (text: string) => unknown;

/** The value may hold a credential: error messages never echo it. */
export function Sensitive(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(SENSITIVE, true, target, property);
}

/** When unset, the variable takes the (validated) value of `variable` on the same class. */
export function DefaultsTo(variable: string): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(DEFAULTS_TO, variable, target, property);
}

/** How the variable's text becomes a value; without one, the text is kept as a string. */
export function ParsedWith(parser: EnvParser): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(PARSER, parser, target, property);
}

export function isSensitive(prototype: object, property: string): boolean {
  return Reflect.getMetadata(SENSITIVE, prototype, property) === true;
}

export function defaultSource(prototype: object, property: string): string | undefined {
  return Reflect.getMetadata(DEFAULTS_TO, prototype, property) as string | undefined;
}

export function customParser(prototype: object, property: string): EnvParser | undefined {
  return Reflect.getMetadata(PARSER, prototype, property) as EnvParser | undefined;
}
