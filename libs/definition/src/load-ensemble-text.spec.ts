import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, summary } from './__fixtures__/fixtures';
import { loadEnsembleText } from './load-ensemble-text';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('loading an ensemble from text', () => {
  it("loads dsl.md's complete example with no errors and no warnings", () => {
    const result = loadEnsembleText(fixture('process-order.yaml'), {
      file: 'process-order.yaml',
      baseDir: FIXTURES,
    });
    if (!result.ok) throw new Error(summary(result.issues).join('\n'));
    expect(result.warnings).toEqual([]);
    expect(result.definition.name).toBe('process-order');
    expect(result.definition.agents.map((agent) => `${agent.name} ← ${agent.dependsOn.join(', ')}`)).toEqual([
      'validate-order ← ',
      'check-inventory ← validate-order',
      'process-payment ← check-inventory',
      'release-on-failure ← process-payment',
    ]);
    expect(result.definition.agents.map((agent) => agent.onError)).toEqual([
      'fail',
      'fail',
      'continue',
      'fail',
    ]);
    expect(result.definition.source).toBe('process-order.yaml');
  });

  it('reads the files it references through readFile when one is given, relative to the ensembles directory', () => {
    const requested: string[] = [];
    const files = new Map([['scripts/validate-order.js', 'module.exports.default = () => 1;']]);
    const result = loadEnsembleText(fixture('process-order.yaml'), {
      file: 'registered.yaml',
      baseDir: '/nowhere',
      readFile: (path) => {
        requested.push(path);
        return files.get(path);
      },
    });
    expect(requested).toEqual([
      'scripts/validate-order',
      'scripts/validate-order.ts',
      'scripts/validate-order.js',
    ]);
    expect(result.ok && result.definition.files).toEqual({
      'scripts/validate-order.js': 'module.exports.default = () => 1;',
    });
  });

  it('names the file given in every issue', () => {
    const result = loadEnsembleText('ensemble: x\nagents: 3\n', { file: 'api/x.yaml', baseDir: FIXTURES });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          file: 'api/x.yaml',
          line: 2,
          column: 9,
          severity: 'error',
          code: 'invalid-value',
          path: 'agents',
          message: 'agents must be a list of agents',
        },
      ],
    });
  });

  it('refuses a file path that leaves the ensembles directory', () => {
    const result = loadEnsembleText(fixture('invalid/file-outside.yaml'), {
      file: 'file-outside.yaml',
      baseDir: FIXTURES,
    });
    expect(summary(result.ok ? [] : result.issues)).toEqual([
      "5:23 error invalid-file-path '../../secrets/key' must be a path inside the ensembles directory, such as scripts/name",
    ]);
  });
});
