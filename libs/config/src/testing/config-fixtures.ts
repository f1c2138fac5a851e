import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as config from '../index';
import type { ConfigClass } from '../load-config';

/** Reads a YAML fixture of this library. */
export function fixture<T>(name: string): T {
  return parse(readFileSync(join(__dirname, '../fixtures', name), 'utf8')) as T;
}

/** A concern class named in a fixture. */
export function configClassNamed(name: string): ConfigClass {
  const configClass = (config as Record<string, unknown>)[name];
  if (typeof configClass !== 'function')
    throw new Error(`the fixture names ${name}, which @baton/config does not export`);
  return configClass as ConfigClass;
}

/** A loaded config as plain data, unset optional variables as null (as the fixtures write them). */
export function asPlainData(config: object, variables: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    variables.map((variable) => [variable, (config as Record<string, unknown>)[variable] ?? null]),
  );
}
