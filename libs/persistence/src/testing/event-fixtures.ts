import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRunEvents, type RunEvent } from '@baton/engine';
import { parse } from 'yaml';

/** The events of a YAML fixture under src/fixtures/, e.g. `order-run`, read by the engine's decoder (upcast). */
export function fixtureEvents(name: string): RunEvent[] {
  return decodeRunEvents(
    parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.events.yaml`), 'utf8')),
  );
}
