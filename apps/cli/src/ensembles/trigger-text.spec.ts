import { triggersText } from './trigger-text';

const cron = { type: 'cron', cron: '*/15 * * * * *', timezone: 'Asia/Kolkata' };

describe('how a cron trigger reads in baton start and baton ensembles', () => {
  it('says when it fires next, in its zone', () => {
    expect(triggersText([{ ...cron, enabled: true, nextFireAt: '2026-01-01T05:30:15+05:30' }], '')).toBe(
      'cron */15 * * * * * Asia/Kolkata (next 2026-01-01 05:30:15+05:30)',
    );
  });

  it('says when it is disabled, or never fires', () => {
    expect(triggersText([{ ...cron, enabled: false, nextFireAt: null }], '')).toBe(
      'cron */15 * * * * * Asia/Kolkata (disabled)',
    );
    expect(triggersText([{ type: 'cron', cron: '0 0 30 2 *', enabled: true, nextFireAt: null }], '')).toBe(
      'cron 0 0 30 2 * (never fires)',
    );
  });
});
