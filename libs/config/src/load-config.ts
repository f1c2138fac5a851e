import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ConfigError, type ConfigIssue } from './config-error';
import { customParser, defaultSource, isSensitive } from './config-metadata';

/** A configuration concern: a class whose decorated properties are environment variables. */
export type ConfigClass<T extends object = object> = new () => T;

export type Env = Readonly<Record<string, string | undefined>>;

type ConfigResult<T> =
  { readonly ok: true; readonly value: Readonly<T> } | { readonly ok: false; readonly issues: ConfigIssue[] };

/**
 * Reads one concern from `env` and returns it frozen, or throws a ConfigError listing every invalid
 * variable. An empty variable counts as unset, as `FOO=` in a compose file usually means.
 */
export function loadConfig<T extends object>(
  configClass: ConfigClass<T>,
  env: Env = process.env,
): Readonly<T> {
  const result = readConfig(configClass, env);
  if (!result.ok) throw new ConfigError(result.issues);
  return result.value;
}

/** Several concerns at once (a service's whole configuration), with one error for all of them. */
export function loadConfigs<C extends Record<string, ConfigClass>>(
  classes: C,
  env: Env = process.env,
): { readonly [K in keyof C]: Readonly<InstanceType<C[K]>> } {
  const issues: ConfigIssue[] = [];
  const values: Record<string, object> = {};
  for (const [name, configClass] of Object.entries(classes)) {
    const result = readConfig(configClass, env);
    if (result.ok) values[name] = result.value;
    else
      issues.push(
        ...result.issues.filter((issue) => !issues.some((seen) => seen.variable === issue.variable)),
      );
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return Object.freeze(values) as { readonly [K in keyof C]: Readonly<InstanceType<C[K]>> };
}

function readConfig<T extends object>(configClass: ConfigClass<T>, env: Env): ConfigResult<T> {
  const config = new configClass(); // property initialisers are the defaults
  const prototype = configClass.prototype as object;
  const variables = configVariables(configClass);
  for (const variable of variables) {
    const text = env[variable];
    if (text !== undefined && text.trim().length > 0) {
      const parse = customParser(prototype, variable);
      (config as Record<string, unknown>)[variable] = parse ? parse(text) : text;
    }
  }
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) return { ok: false, issues: errors.map((error) => issueOf(error, prototype, env)) };
  for (const variable of variables)
    applyDerivedDefault(config as Record<string, unknown>, prototype, variable);
  return { ok: true, value: deepFreeze(config) };
}

/** Every variable a class declares: each carries at least one validation decorator. */
function configVariables(configClass: ConfigClass): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(configClass, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

function issueOf(error: ValidationError, prototype: object, env: Env): ConfigIssue {
  const reason = Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`;
  const text = env[error.property];
  const given =
    text === undefined || text.trim().length === 0
      ? 'not set'
      : isSensitive(prototype, error.property)
        ? 'value hidden: it may hold a credential'
        : `got '${text}'`;
  return { variable: error.property, message: `${reason} (${given})` };
}

function applyDerivedDefault(config: Record<string, unknown>, prototype: object, variable: string): void {
  const source = defaultSource(prototype, variable);
  if (source !== undefined && config[variable] === undefined) config[variable] = config[source];
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const property of Object.values(value)) {
    if (typeof property === 'object' && property !== null) deepFreeze(property);
  }
  return Object.freeze(value);
}
