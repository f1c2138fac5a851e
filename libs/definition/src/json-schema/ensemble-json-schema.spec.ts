import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { FIXTURES } from '../__fixtures__/fixtures';
import { jsonSchemaText } from '../files/json-schema-file';
import { protectExpressions } from '../text/protected-text';
import { ensembleJsonSchema } from './ensemble-json-schema';

const COMMITTED = join(__dirname, '../../../../schemas/ensemble.schema.json');

/** A fixture as an editor sees it once expressions are plain strings. */
function asData(name: string): unknown {
  const protection = protectExpressions(readFileSync(join(FIXTURES, name), 'utf8'));
  if (!protection.ok) throw new Error(protection.message);
  return parseDocument(protection.value.text).toJS();
}

describe('the JSON Schema of the YAML format', () => {
  it('is committed as schemas/ensemble.schema.json, up to date (run npm run build && npm run schema to update)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(jsonSchemaText(ensembleJsonSchema()));
  });

  it('is itself a valid JSON Schema', () => {
    expect(new Ajv({ strict: false }).validateSchema(ensembleJsonSchema())).toBe(true);
  });

  const valid = [
    'process-order.yaml',
    ...readdirSync(join(FIXTURES, 'valid')).map((name) => `valid/${name}`),
  ];
  it.each(valid)('accepts %s, which the loader accepts', (name) => {
    const validate = new Ajv({ strict: false }).compile(ensembleJsonSchema());
    expect(validate(asData(name)) ? [] : validate.errors).toEqual([]);
  });

  it.each(['invalid/unknown-key.yaml', 'invalid/unknown-operation.yaml', 'invalid/missing-agent-keys.yaml'])(
    'refuses %s, which the loader refuses',
    (name) => {
      expect(new Ajv({ strict: false }).compile(ensembleJsonSchema())(asData(name))).toBe(false);
    },
  );
});
