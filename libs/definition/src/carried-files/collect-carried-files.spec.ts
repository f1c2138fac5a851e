import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionOf, FIXTURES, issuesOf, summary } from '../__fixtures__/fixtures';
import { loadEnsembleText } from '../load-ensemble-text';

const text = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

describe('files carried with a revision', () => {
  const definition = definitionOf('valid/files.yaml');

  it('carries every script, schema and component file the ensemble references, by relative path', () => {
    expect(Object.keys(definition.files).sort()).toEqual([
      'schemas/address.json',
      'schemas/invoice@v1.0.0.json',
      'schemas/order.json',
      'scripts/helper.js',
      'scripts/validate-order.ts',
    ]);
    expect(definition.files['scripts/validate-order.ts']).toBe(text('scripts/validate-order.ts'));
  });

  it('resolves scripts/name as given, then with .ts, then with .js, and records the file it found', () => {
    expect(definition.agents.find((agent) => agent.name === 'ts-script')?.config.script).toBe(
      'scripts/validate-order.ts',
    );
    expect(definition.agents.find((agent) => agent.name === 'js-script')?.config.script).toBe(
      'scripts/helper.js',
    );
  });

  it('parses components, NAME@VERSION.json first and NAME.json next', () => {
    expect(definition.components).toEqual({
      'invoice@v1.0.0': { type: 'object', required: ['invoiceId'] },
      'address@v2': { type: 'object', properties: { street: { type: 'string' } } },
    });
  });

  it('resolves an input schema given by name', () => {
    expect(definition.inputSchema).toEqual(JSON.parse(text('schemas/order.json')));
  });

  it('refuses a script that does not exist, listing where it looked', () => {
    expect(summary(issuesOf('invalid/missing-script.yaml'))).toEqual([
      "5:23 error missing-file script 'scripts/does-not-exist' not found (looked for scripts/does-not-exist, scripts/does-not-exist.ts, scripts/does-not-exist.js)",
    ]);
  });

  it('refuses a validate schema path or name that does not exist', () => {
    expect(summary(issuesOf('invalid/missing-schema.yaml'))).toEqual([
      "5:38 error missing-schema schema 'schemas/nowhere.json' not found (looked for schemas/nowhere.json)",
      "8:38 error missing-schema schema 'nowhere' not found (looked for schemas/nowhere.json)",
    ]);
  });

  it('refuses a component whose file is not in schemas/', () => {
    expect(summary(issuesOf('invalid/missing-component.yaml'))).toEqual([
      "5:40 error missing-component component 'invoice@v9.9.9' not found (looked for schemas/invoice@v9.9.9.json, schemas/invoice.json)",
    ]);
  });

  it('refuses a component that is not JSON, and a schema that is not a valid JSON Schema', () => {
    // the broken file is served from memory: a fixture that is not JSON would trip the formatter
    const files: Record<string, string> = {
      'schemas/broken@v1.json': '{ "type": ',
      'schemas/not-a-schema.json': text('schemas/not-a-schema.json'),
    };
    const result = loadEnsembleText(text('invalid/invalid-component.yaml'), {
      file: 'invalid-component.yaml',
      baseDir: FIXTURES,
      readFile: (path) => files[path],
    });
    const [broken, invalid] = summary(result.ok ? [] : result.issues);
    expect(broken).toMatch(/^5:38 error invalid-json schemas\/broken@v1\.json is not valid JSON: /);
    expect(invalid).toBe(
      '8:38 error invalid-json-schema not a valid JSON Schema: /type must be equal to one of the allowed values',
    );
  });

  it('refuses an embedded JSON Schema that is not valid, at the offending keyword', () => {
    expect(summary(issuesOf('invalid/invalid-json-schema.yaml'))).toEqual([
      '6:22 error invalid-json-schema not a valid JSON Schema: /properties/total/type must be equal to one of the allowed values',
    ]);
  });

  it('refuses a pattern that cannot be matched in linear time (lookaround, backreferences), at the pattern', () => {
    const [issue] = issuesOf('invalid/unsupported-pattern.yaml');
    expect(issue).toMatchObject({ line: 6, code: 'invalid-json-schema' });
    expect(issue.message).toMatch(
      /^not a valid JSON Schema: pattern "\^\(\?=\[A-Z\]\).*" cannot be matched in linear time/,
    );
    expect(issue.message).toContain('unsupported Perl syntax: `(?=`');
  });

  it('accepts a pattern that backtracks in JavaScript: RE2 matches it in linear time', () => {
    expect(definitionOf('valid/backtracking-pattern.yaml').inputSchema).toBeDefined();
  });
});
