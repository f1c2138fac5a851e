import { join } from 'node:path';
import { FIXTURES } from '../__fixtures__/fixtures';
import { loadEnsembleDir } from './load-ensemble-dir';
import { loadEnsembleFile } from './load-ensemble-file';

const dir = join(FIXTURES, 'dir-duplicates');

describe('loading a directory of ensembles', () => {
  const loaded = loadEnsembleDir(dir);

  it('loads each *.yaml and *.yml file directly in the directory, keeping the valid ones', () => {
    expect(loaded.ensembles.map((ensemble) => [ensemble.name, ensemble.source])).toEqual([
      ['orders', 'a-orders.yaml'],
    ]);
  });

  it('refuses a second ensemble with a name already taken, and a webhook path already served, and reports broken files', () => {
    expect(
      loaded.issues.map(
        (issue) =>
          `${issue.file.slice(dir.length + 1)}:${issue.line}:${issue.column} ${issue.code} ${issue.message}`,
      ),
    ).toEqual([
      "b-orders-copy.yaml:1:11 duplicate-ensemble ensemble 'orders' is already defined in a-orders.yaml",
      "c-refunds.yaml:4:11 duplicate-webhook-path webhook path '/hooks/orders' is already used by ensemble 'orders' (a-orders.yaml)",
      "d-broken.yml:4:16 unknown-operation unknown operation 'nope'; expected one of code, validate, http, data, storage, kv, blob, email, sms, think, wait, notify, emit, transform, sleep, run",
    ]);
  });
});

describe('loading one file', () => {
  it('looks up files beside it by default and records its path relative to that directory', () => {
    const result = loadEnsembleFile(join(FIXTURES, 'process-order.yaml'));
    expect(result.ok && result.definition.source).toBe('process-order.yaml');
  });

  it('refuses a file that does not exist', () => {
    expect(loadEnsembleFile('/nowhere/x.yaml')).toEqual({
      ok: false,
      issues: [
        {
          file: '/nowhere/x.yaml',
          line: 1,
          column: 1,
          severity: 'error',
          code: 'missing-file',
          path: '',
          message: 'no such file: /nowhere/x.yaml',
        },
      ],
    });
  });
});
