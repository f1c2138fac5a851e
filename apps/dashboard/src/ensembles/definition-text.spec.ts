import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnsembleDefinition } from '@baton/model';
import { carriedFiles, definitionYaml, lineDiff } from './definition-text';

const revision = (n: number) =>
  JSON.parse(
    readFileSync(join(__dirname, '__fixtures__', `order-intake.r${n}.json`), 'utf8'),
  ) as EnsembleDefinition;

describe('definitionYaml', () => {
  it('writes the revision as YAML without what the loader derives or leaves empty', () => {
    const text = definitionYaml(revision(1));
    expect(text).toContain('name: order-intake\n');
    expect(text).toContain('path: /hooks/orders');
    expect(text).toContain('value: ${input.total > 100}');
    for (const derived of [
      'location:',
      'references:',
      'files:',
      'source:',
      'dependsOn:',
      'connections:',
      'notifications:',
    ])
      expect(text).not.toContain(derived);
  });

  it('lists the files a revision carries, by path', () => {
    expect(carriedFiles(revision(1))).toEqual([
      { path: 'scripts/score.ts', text: 'export default () => 1;\n' },
    ]);
    expect(carriedFiles(revision(2))).toEqual([]);
  });
});

describe('lineDiff', () => {
  it('shows what changed between two revisions with numbered lines and context', () => {
    const rows = lineDiff(definitionYaml(revision(1)), definitionYaml(revision(2)));
    expect(rows.filter((row) => row.kind === 'removed').map((row) => row.text.trim())).toEqual([
      'value: ${input.total > 100}',
    ]);
    const added = rows.filter((row) => row.kind === 'added').map((row) => row.text.trim());
    expect(added).toContain('value: ${input.total > 250}');
    expect(added).toContain('- name: approve');
    expect(added).toContain('- check');
    const removed = rows.find((row) => row.kind === 'removed');
    expect(removed).toMatchObject({ oldLine: expect.any(Number) });
    expect(rows.some((row) => row.kind === 'same')).toBe(true);
  });

  it('separates hunks far apart with a gap row', () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 28', 'line twenty-eight');
    const rows = lineDiff(before, after);
    expect(rows.filter((row) => row.kind === 'gap')).toEqual([{ kind: 'gap', text: '@@ line 25 @@' }]);
    expect(rows.find((row) => row.kind === 'added')).toEqual({ kind: 'added', text: 'line two', newLine: 2 });
  });

  it('has no rows for equal texts', () => {
    expect(lineDiff('a: 1\n', 'a: 1\n')).toEqual([]);
  });
});
