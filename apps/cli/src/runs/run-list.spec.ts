import { yamlFixture } from '../testing/yaml-fixture';
import { formatRunList, type RunPage } from './run-list';

const page = yamlFixture<RunPage>(__dirname, 'run-page.yaml');
const NOW = Date.parse('2025-01-15T09:31:12.500Z');

describe('the runs table', () => {
  const lines = formatRunList(page, NOW).trimEnd().split('\n');

  it('has a row per run, newest first, with id, ensemble, status, start and duration', () => {
    expect(lines[0].split(/ {2,}/)).toEqual(['ID', 'ENSEMBLE', 'STATUS', 'STARTED', 'DURATION']);
    expect(lines[3].split(/ {2,}/)).toEqual([
      'run-1',
      'process-order',
      'completed',
      '2025-01-15T09:30:00Z',
      '4.2s',
    ]);
    expect(lines.slice(1).map((line) => line.split(' ')[0])).toEqual(['run-3', 'run-2', 'run-1']);
  });

  it('shows how long a running run has been going, marked with …', () => {
    expect(lines[1]).toMatch(/ 12\.5s…$/);
  });

  it('shows dashes for a run that has not started', () => {
    expect(lines[2].split(/ {2,}/).slice(3)).toEqual(['—', '—']);
  });

  it('says when more runs exist than the page shows', () => {
    expect(formatRunList({ ...page, nextCursor: 'abc' }, NOW)).toContain(
      '(the newest 3; --limit shows more)',
    );
    expect(formatRunList(page, NOW)).not.toContain('--limit');
  });

  it('says so when there is no run', () => {
    expect(formatRunList({ runs: [], nextCursor: null }, NOW)).toBe('no runs\n');
  });
});
