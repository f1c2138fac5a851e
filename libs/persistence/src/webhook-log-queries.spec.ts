import type { ReadModelOrm } from './orm';
import { openScratchReadModels } from './testing/scratch-database';
import { WebhookLogQueries } from './webhook-log-queries';
import { WebhookLogs, type WebhookLogEntry } from './webhook-logs';

describe('WebhookLogQueries', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  let queries: WebhookLogQueries;
  const ids: Record<string, string> = {};

  const line = (minute: number, entry: Partial<WebhookLogEntry>): WebhookLogEntry => ({
    triggerPath: '/hooks/orders',
    ensemble: 'process-order',
    statusCode: 202,
    receivedAt: new Date(Date.UTC(2026, 10, 24, 10, minute)),
    headers: { 'content-type': 'application/json', authorization: 'Bearer secret' },
    ...entry,
  });

  beforeAll(async () => {
    ({ orm, dispose } = await openScratchReadModels());
    queries = new WebhookLogQueries(orm);
    const logs = new WebhookLogs(orm);
    ids.accepted = await logs.record(line(0, { deliveryId: 'evt_1', runId: 'run-1' }));
    ids.duplicate = await logs.record(line(1, { deliveryId: 'evt_1', runId: 'run-1', duplicate: true }));
    ids.refused = await logs.record(line(2, { statusCode: 401, errorCode: 'invalid-signature' }));
    ids.other = await logs.record(line(3, { triggerPath: '/hooks/github', ensemble: 'triage' }));
    ids.unknownPath = await logs.record(
      line(4, {
        triggerPath: '/hooks/nothing',
        ensemble: undefined,
        statusCode: 404,
        errorCode: 'not_found',
      }),
    );
  });
  afterAll(() => dispose());

  it('lists deliveries newest first with their outcome, reason and allow-listed headers only', async () => {
    const page = await queries.list({});
    expect(page).toMatchObject({ ok: true, nextCursor: null });
    if (!page.ok) return;
    expect(page.deliveries.map((d) => d.id)).toEqual([
      ids.unknownPath,
      ids.other,
      ids.refused,
      ids.duplicate,
      ids.accepted,
    ]);
    expect(page.deliveries[2]).toEqual({
      id: ids.refused,
      receivedAt: '2026-11-24T10:02:00.000Z',
      triggerPath: '/hooks/orders',
      ensemble: 'process-order',
      deliveryId: null,
      runId: null,
      outcome: 'refused',
      statusCode: 401,
      errorCode: 'invalid-signature',
      headers: { 'content-type': 'application/json' },
    });
    expect(page.deliveries.map((d) => d.outcome)).toEqual([
      'refused',
      'accepted',
      'refused',
      'duplicate',
      'accepted',
    ]);
  });

  it('filters by outcome and by ensemble', async () => {
    const outcome = async (value: string) => {
      const page = await queries.list({ outcome: value });
      return page.ok ? page.deliveries.map((d) => d.id) : page.error;
    };
    expect(await outcome('accepted')).toEqual([ids.other, ids.accepted]);
    expect(await outcome('duplicate')).toEqual([ids.duplicate]);
    expect(await outcome('refused')).toEqual([ids.unknownPath, ids.refused]);
    const triage = await queries.list({ ensemble: 'triage' });
    expect(triage.ok && triage.deliveries.map((d) => d.id)).toEqual([ids.other]);
  });

  it('pages with a cursor that neither repeats nor skips a line', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await queries.list({ limit: 2, cursor });
      if (!result.ok) throw new Error(result.error.message);
      seen.push(...result.deliveries.map((d) => d.id));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([ids.unknownPath, ids.other, ids.refused, ids.duplicate, ids.accepted]);
  });

  it.each([
    [{ limit: 0 }, 'invalid-limit'],
    [{ limit: 1.5 }, 'invalid-limit'],
    [{ outcome: 'lost' }, 'invalid-outcome'],
    [{ cursor: 'not-a-cursor' }, 'invalid-cursor'],
    [{ cursor: Buffer.from('["yesterday","x"]').toString('base64url') }, 'invalid-cursor'],
  ])('refuses %j with %s and says what is accepted', async (query, code) => {
    const result = await queries.list(query);
    expect(result).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  });
});
