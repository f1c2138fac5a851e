import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '@baton/engine';
import { parse } from 'yaml';

/** The events of a YAML fixture under src/fixtures/, e.g. `order-run`. */
export function fixtureEvents(name: string): RunEvent[] {
  return parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.events.yaml`), 'utf8')) as RunEvent[];
}
