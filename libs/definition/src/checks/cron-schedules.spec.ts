import { loadFixture, summary } from '../__fixtures__/fixtures';

describe('cron schedules', () => {
  it('warns about an expression no date matches, and loads the ensemble anyway', () => {
    const result = loadFixture('valid/cron-never-fires.yaml');
    if (!result.ok) throw new Error('cron-never-fires.yaml should load');
    expect(summary(result.warnings)).toEqual([
      "4:11 warning cron-never-fires cron '0 0 30 2 *' never fires: no date matches it",
      "6:11 warning cron-never-fires cron '0 8 31 4 *' never fires: no date matches it in America/New_York",
    ]);
  });
});
