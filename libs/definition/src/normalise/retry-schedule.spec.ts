import { summary } from '../__fixtures__/fixtures';
import { loadEnsembleText } from '../load-ensemble-text';

const load = (notification: string) =>
  loadEnsembleText(
    `ensemble: scheduled
agents:
  - name: noop
    operation: transform
    config: { value: 1 }
notifications:
  - type: webhook
    url: https://hooks.example.com/baton
${notification}
`,
    { file: 'scheduled.yaml', baseDir: '/nowhere' },
  );

describe("a webhook notification's retry schedule", () => {
  it('keeps each delay in milliseconds and retries once per delay', () => {
    const result = load('    retrySchedule: [1s, 5s, 30s, 2m, 5m, 30m, 2h, 8h, 500]');
    if (!result.ok) throw new Error(summary(result.issues).join('\n'));
    expect(result.definition.notifications[0]).toMatchObject({
      retries: 9,
      retrySchedule: [1000, 5000, 30_000, 120_000, 300_000, 1_800_000, 7_200_000, 28_800_000, 500],
    });
  });

  it('has none unless written: 5 retries on the default schedule', () => {
    const result = load('    retries: 3');
    if (!result.ok) throw new Error(summary(result.issues).join('\n'));
    expect(result.definition.notifications[0]).toMatchObject({ retries: 3 });
    expect(result.definition.notifications[0]).not.toHaveProperty('retrySchedule');
  });

  it.each([
    ['    retrySchedule: []', 'must be a list of delays before each retry'],
    ['    retrySchedule: 5m', 'must be a list of delays before each retry'],
    ['    retrySchedule: [1s, soon]', 'retrySchedule[1] must be a duration like 250ms'],
    [
      '    retrySchedule: [1s, 8d]',
      'retrySchedule[1] must be a duration like 250ms, 30s, 5m or 1h, or a number of milliseconds of at most 7d, not "8d"',
    ],
    [
      `    retrySchedule: [${Array.from({ length: 21 }, () => '1s').join(', ')}]`,
      'may hold at most 20 delays, not 21',
    ],
    ['    retries: 2\n    retrySchedule: [1s]', 'retrySchedule and retries do not go together'],
  ])('refuses %j, saying where', (yaml, message) => {
    const result = load(yaml);
    expect(result.ok).toBe(false);
    expect(summary(result.ok ? [] : result.issues).join('\n')).toContain(message);
    expect(summary(result.ok ? [] : result.issues).join('\n')).toMatch(/^\d+:\d+ error/);
  });
});
