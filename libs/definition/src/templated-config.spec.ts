import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, summary } from './__fixtures__/fixtures';
import { loadEnsembleText } from './load-ensemble-text';
import { templatedConfig } from '@baton/model';

describe("a code agent's inline body", () => {
  it('is JavaScript: its template literals are not checked as Baton expressions', () => {
    const file = 'valid/inline-code-template-literal.yaml';
    const result = loadEnsembleText(readFileSync(join(FIXTURES, file), 'utf8'), { file, baseDir: FIXTURES });
    if (!result.ok) throw new Error(summary(result.issues).join('\n'));
    const [greet] = result.definition.agents;
    expect(greet.config.code).toContain('`hello ${who}`');
    expect(templatedConfig(greet)).toEqual({});
  });

  it('is the only config left out: every other agent keeps its whole config', () => {
    const config = { code: 'return 1', url: '${input.url}' };
    expect(templatedConfig({ operation: 'code', config })).toEqual({ url: '${input.url}' });
    expect(templatedConfig({ operation: 'http', config })).toBe(config);
  });
});
