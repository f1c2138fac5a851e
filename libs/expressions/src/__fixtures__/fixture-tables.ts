/** Reads the YAML tables of this folder for the specs (and only for them: the library reads no files). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function fixture<T>(name: string): T {
  return parse(readFileSync(join(__dirname, name), 'utf8')) as T;
}

/** A table of cases as `[rule, case]` rows for `it.each`, so that each test is named by its rule. */
export function table<T extends { readonly rule: string }>(name: string): [string, T][] {
  return fixture<T[]>(name).map((row) => [row.rule, row]);
}

/** The run scope the expression tables evaluate in. */
export function runScope(): Record<string, unknown> {
  return fixture<Record<string, unknown>>('run-scope.yaml');
}
