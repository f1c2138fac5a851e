import { WebhookLog } from './entities/webhook-log.entity';
import type { ReadModelOrm } from './orm';
import { openScratchReadModels } from './testing/scratch-database';
import { parseWebhookLogLine, webhookLogLine, WebhookLogs } from './webhook-logs';

describe('WebhookLogs', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ orm, dispose } = await openScratchReadModels()));
  afterAll(() => dispose());

  const secretHeaders = {
    Authorization: 'Bearer sk_live_secret_token',
    'Stripe-Signature': 't=1732442400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
    'X-Hub-Signature-256': 'sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c',
    'X-Webhook-Signature': 'f0e1d2c3b4a5',
    'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
    Cookie: 'session=abc123',
    'X-Api-Key': 'key_live_987',
  };

  it('records a webhook request with its outcome and the allow-listed headers', async () => {
    const id = await new WebhookLogs(orm).record({
      triggerPath: '/hooks/orders',
      ensemble: 'process-order',
      deliveryId: 'evt_1',
      runId: 'run-1',
      statusCode: 202,
      receivedAt: '2026-11-24T10:00:00.000Z',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Stripe/1.0',
        'X-Forwarded-For': ['10.0.0.1', '10.0.0.2'],
      },
    });

    expect(await orm.em.fork().findOneOrFail(WebhookLog, { id })).toMatchObject({
      triggerPath: '/hooks/orders',
      ensemble: 'process-order',
      deliveryId: 'evt_1',
      runId: 'run-1',
      duplicate: false,
      statusCode: 202,
      errorCode: null,
      receivedAt: new Date('2026-11-24T10:00:00.000Z'),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Stripe/1.0',
        'x-forwarded-for': '10.0.0.1, 10.0.0.2',
      },
    });
  });

  it('never stores a signature, authorization, cookie or key header, under any spelling', async () => {
    const id = await new WebhookLogs(orm).record({
      triggerPath: '/hooks/orders',
      statusCode: 401,
      errorCode: 'invalid-signature',
      receivedAt: new Date('2026-11-24T10:01:00.000Z'),
      headers: { ...secretHeaders, 'content-type': 'application/json', 'webhook-id': 'msg_1' },
    });

    const [row] = await orm.em
      .fork()
      .execute<Array<{ headers: string }>>(
        'select headers::text as headers from baton.webhook_logs where id = ?',
        [id],
      );
    expect(JSON.parse(row.headers)).toEqual({ 'content-type': 'application/json', 'webhook-id': 'msg_1' });
    for (const value of Object.values(secretHeaders)) expect(row.headers).not.toContain(value);
  });

  it('records a duplicate delivery against the run the first one started', async () => {
    const id = await new WebhookLogs(orm).record({
      triggerPath: '/hooks/orders',
      deliveryId: 'evt_1',
      runId: 'run-1',
      duplicate: true,
      statusCode: 202,
      receivedAt: '2026-11-27T10:00:00.000Z',
      headers: {},
    });
    expect(await orm.em.fork().findOneOrFail(WebhookLog, { id })).toMatchObject({
      duplicate: true,
      runId: 'run-1',
    });
  });

  it('stores a line once however often it is written (a redelivered message)', async () => {
    const entry = {
      triggerPath: '/hooks/once',
      statusCode: 202,
      receivedAt: '2026-11-27T11:00:00.000Z',
      headers: {},
    };
    const line = webhookLogLine(entry);
    const logs = new WebhookLogs(orm);
    expect(await logs.write([line])).toBe(1);
    expect(await logs.write([line, webhookLogLine(entry)])).toBe(1);
    expect(await orm.em.fork().count(WebhookLog, { triggerPath: '/hooks/once' })).toBe(2);
  });
});

describe('parseWebhookLogLine', () => {
  const line = webhookLogLine({
    triggerPath: '/hooks/orders',
    runId: 'run-1',
    statusCode: 202,
    receivedAt: '2026-11-24T10:00:00.000Z',
    headers: { 'content-type': 'application/json' },
  });

  it('takes back a line as webhookLogLine wrote it, through JSON', () => {
    expect(parseWebhookLogLine(JSON.parse(JSON.stringify(line)))).toEqual(line);
  });

  it('filters the headers of a line again, so a forged message cannot store a secret', () => {
    expect(
      parseWebhookLogLine({ ...line, headers: { authorization: 'Bearer x', 'user-agent': 'ua', n: 5 } })
        ?.headers,
    ).toEqual({ 'user-agent': 'ua' });
  });

  it.each([
    ['not an object', 'line'],
    ['no id', { ...line, id: undefined }],
    ['an id that is no UUID', { ...line, id: 'x' }],
    ['a status that is no integer', { ...line, statusCode: '202' }],
    ['a time that is no time', { ...line, receivedAt: 'yesterday' }],
    ['headers that are a list', { ...line, headers: [] }],
    ['a run id that is a number', { ...line, runId: 7 }],
  ])('refuses %s', (_what, value) => {
    expect(parseWebhookLogLine(value)).toBeUndefined();
  });
});
