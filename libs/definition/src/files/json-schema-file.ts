import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The committed form of a JSON Schema: two-space indentation and a final newline. */
export function jsonSchemaText(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function writeJsonSchemaFile(path: string, schema: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, jsonSchemaText(schema));
}
