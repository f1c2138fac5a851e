import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Reads a YAML fixture of this library's specs (src/fixtures/<name>.yaml). */
export function fixture<T>(name: string): T {
  return parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.yaml`), 'utf8')) as T;
}
