import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { type StoreTimer, TIMER_HEADERS, TimerStore } from './timer-store';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const encoder = new TextEncoder();

describe('the timer store', () => {
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let store: TimerStore;

  const timer = (id: string, overrides: Partial<StoreTimer> = {}): StoreTimer => ({
    id,
    dueAt: Date.parse('2030-01-01T00:00:00.000Z'),
    target: {
      subject: env.layout.commandSubject('timer', 'run-1'),
      payload: encoder.encode('{"x":1}'),
      msgId: `cmd-${id}`,
    },
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    ...overrides,
  });
  const messagesOn = async (id: string): Promise<number> => {
    const subject = env.layout.timerSubject(id);
    const info = await jsm.streams.info(env.layout.streams.timers, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };
  const lastOn = (id: string): Promise<StoredMsg | null> =>
    jsm.streams.getMessage(env.layout.streams.timers, { last_by_subj: env.layout.timerSubject(id) });

  beforeAll(async () => {
    env = await isolatedLayout('tstore');
    jsm = await jetstreamManager(env.nc);
    store = new TimerStore(env.nc, { prefix: env.prefix });
  });

  afterAll(async () => {
    await env.teardown();
  });

  it("stores a timer as one message on its own subject: the target's payload, due time and target in headers", async () => {
    await store.schedule(timer('t-1'));
    const stored = await lastOn('t-1');
    expect(new TextDecoder().decode(stored?.data)).toBe('{"x":1}');
    expect(
      [
        TIMER_HEADERS.id,
        TIMER_HEADERS.dueAt,
        TIMER_HEADERS.targetSubject,
        TIMER_HEADERS.targetMsgId,
        'traceparent',
      ].map((name) => stored?.header.get(name)),
    ).toEqual([
      't-1',
      String(Date.parse('2030-01-01T00:00:00.000Z')),
      env.layout.commandSubject('timer', 'run-1'),
      'cmd-t-1',
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    ]);
  });

  it('stores a timer scheduled twice once', async () => {
    await store.schedule(timer('t-twice'));
    const first = (await lastOn('t-twice'))?.seq;
    await store.schedule(timer('t-twice'));
    expect([await messagesOn('t-twice'), (await lastOn('t-twice'))?.seq]).toEqual([1, first]);
  });

  it('removes a cancelled timer at once: its subject holds only a tombstone', async () => {
    await store.schedule(timer('t-cancel'));
    await store.schedule(timer('t-keep'));
    await store.cancel(['t-cancel', 'never-scheduled']);
    const left = await lastOn('t-cancel');
    expect([
      await messagesOn('t-cancel'),
      left?.header.get(TIMER_HEADERS.cancelled),
      left?.data.length,
    ]).toEqual([1, 'true', 0]);
    expect((await lastOn('t-keep'))?.header.has(TIMER_HEADERS.cancelled)).toBe(false);
  });

  it('holds many timers without any consumer: pending timers cost messages, not slots', async () => {
    await Promise.all(Array.from({ length: 2000 }, (_, i) => store.schedule(timer(`bulk-${i}`))));
    const info = await jsm.streams.info(env.layout.streams.timers);
    expect(info.state.messages).toBeGreaterThanOrEqual(2000);
    expect(info.state.consumer_count).toBe(0);
  });

  it.each([
    ['an empty id', { id: '' }, /its id is empty/],
    ['a due time that is no number', { dueAt: Number.NaN }, /dueAt NaN is not a time/],
    ['a negative due time', { dueAt: -5 }, /dueAt -5/],
    [
      'a wildcard target',
      { target: { subject: 'a.*', payload: new Uint8Array(), msgId: 'm' } },
      /"a\.\*" is not a subject/,
    ],
    [
      'an empty target token',
      { target: { subject: 'a..b', payload: new Uint8Array(), msgId: 'm' } },
      /not a subject/,
    ],
    [
      'a target with no message id',
      { target: { subject: 'a.b', payload: new Uint8Array(), msgId: '' } },
      /no message id/,
    ],
  ])('refuses a timer with %s, saying why', async (_what, overrides, reason) => {
    const attempt = store.schedule({ ...timer('bad'), ...overrides });
    await expect(attempt).rejects.toMatchObject({ code: 'invalid-timer' });
    await expect(store.schedule({ ...timer('bad'), ...overrides })).rejects.toThrow(reason);
  });

  it('refuses a timer whose target is itself a timer subject', async () => {
    const target = { subject: env.layout.timerSubject('other'), payload: new Uint8Array(), msgId: 'm' };
    await expect(store.schedule(timer('loop', { target }))).rejects.toThrow(/is a timer subject/);
  });
});
