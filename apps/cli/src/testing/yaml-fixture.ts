import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** A YAML fixture of a spec, parsed: `yamlFixture(__dirname, 'order-run.yaml')` reads `__fixtures__/order-run.yaml`. */
export function yamlFixture<T>(specDir: string, name: string): T {
  return parse(readFileSync(path.join(specDir, '__fixtures__', name), 'utf8')) as T;
}
