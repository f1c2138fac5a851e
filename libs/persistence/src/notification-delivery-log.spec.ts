import { NotificationDeliveryLog, type DeliveryAttempt } from './notification-delivery-log';
import type { ReadModelOrm } from './orm';
import { openScratchReadModels } from './testing/scratch-database';

describe('NotificationDeliveryLog', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  let log: NotificationDeliveryLog;
  beforeAll(async () => {
    ({ orm, dispose } = await openScratchReadModels());
    log = new NotificationDeliveryLog(orm);
  });
  afterAll(() => dispose());

  const attempt = (overrides: Partial<DeliveryAttempt>): DeliveryAttempt => ({
    deliveryId: 'd-1',
    runId: 'run-1',
    notificationIndex: 0,
    event: 'execution.completed',
    eventSeq: 9,
    channel: 'webhook',
    target: 'https://hooks.example.com/baton',
    attempt: 1,
    status: 'retrying',
    responseCode: 503,
    error: 'answered 503 Service Unavailable',
    at: new Date('2026-12-01T10:00:00.000Z'),
    nextAttemptAt: new Date('2026-12-01T10:00:01.000Z'),
    ...overrides,
  });

  it('keeps one row per attempt, each with its outcome, oldest first', async () => {
    await log.record(attempt({}));
    await log.record(
      attempt({
        attempt: 2,
        status: 'delivered',
        responseCode: 200,
        error: undefined,
        nextAttemptAt: undefined,
        at: new Date('2026-12-01T10:00:01.500Z'),
      }),
    );
    await log.record(
      attempt({
        deliveryId: 'd-2',
        notificationIndex: 1,
        channel: 'email',
        target: 'ops@example.com',
        status: 'failed',
        responseCode: undefined,
        error: 'SMTP: 550 no such user',
        nextAttemptAt: undefined,
        at: new Date('2026-12-01T10:00:02.000Z'),
      }),
    );
    expect(await log.forRun('run-1')).toEqual([
      expect.objectContaining({
        deliveryId: 'd-1',
        attempt: 1,
        status: 'retrying',
        responseCode: 503,
        nextAttemptAt: '2026-12-01T10:00:01.000Z',
        deliveredAt: null,
      }),
      expect.objectContaining({
        deliveryId: 'd-1',
        attempt: 2,
        status: 'delivered',
        responseCode: 200,
        error: null,
        deliveredAt: '2026-12-01T10:00:01.500Z',
        nextAttemptAt: null,
      }),
      expect.objectContaining({
        deliveryId: 'd-2',
        notification: 1,
        channel: 'email',
        target: 'ops@example.com',
        status: 'failed',
        error: 'SMTP: 550 no such user',
      }),
    ]);
    expect(await log.forRun('run-other')).toEqual([]);
  });

  it('records an attempt twice as one row, with the later outcome', async () => {
    await log.record(attempt({ deliveryId: 'd-3' }));
    expect(await log.hasOutcome('d-3', 1)).toBe(true);
    expect(await log.hasOutcome('d-3', 2)).toBe(false);
    await log.record(
      attempt({ deliveryId: 'd-3', status: 'failed', responseCode: 410, nextAttemptAt: undefined }),
    );
    const rows = (await log.forRun('run-1')).filter((row) => row.deliveryId === 'd-3');
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', responseCode: 410 })]);
  });

  it("answers a delivery's latest attempt", async () => {
    expect(await log.latest('d-1')).toMatchObject({ attempt: 2, status: 'delivered', eventSeq: 9 });
    expect(await log.latest('never')).toBeUndefined();
  });
});
