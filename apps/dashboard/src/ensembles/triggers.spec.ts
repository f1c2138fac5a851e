import { nextCronTimes, webhookUrl } from './triggers';

describe('webhookUrl', () => {
  it('puts the trigger path under /webhooks of the public URL', () => {
    expect(webhookUrl('http://127.0.0.1:8080', '/hooks/orders')).toBe(
      'http://127.0.0.1:8080/webhooks/hooks/orders',
    );
    expect(webhookUrl('https://baton.example.com/', 'hooks/x')).toBe(
      'https://baton.example.com/webhooks/hooks/x',
    );
  });
});

describe('nextCronTimes', () => {
  const from = new Date('2026-11-24T10:17:00.000Z');

  it('gives the next instants of a schedule in its time zone', () => {
    const next = nextCronTimes('0 9 * * 1-5', 'Europe/Paris', from, 3);
    expect(next.ok && next.times.map((t) => t.toISOString())).toEqual([
      '2026-11-25T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
    ]);
    const everyFour = nextCronTimes('0 */4 * * *', 'UTC', from, 2);
    expect(everyFour.ok && everyFour.times.map((t) => t.toISOString())).toEqual([
      '2026-11-24T12:00:00.000Z',
      '2026-11-24T16:00:00.000Z',
    ]);
  });

  it('says why it cannot when the pattern or the zone is not readable', () => {
    expect(nextCronTimes('61 * * * *', 'UTC', from, 1)).toEqual({ ok: false, message: expect.any(String) });
    expect(nextCronTimes('0 * * * *', 'Mars/Olympus', from, 1)).toEqual({
      ok: false,
      message: expect.any(String),
    });
  });
});
