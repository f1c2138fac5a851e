import { jetstreamManager } from '@nats-io/jetstream';
import { JetStreamDeliveryQueue, deliveryMessage } from './delivery-queue';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

describe('JetStreamDeliveryQueue', () => {
  let env: IsolatedLayout;

  beforeAll(async () => {
    env = await isolatedLayout('deliveries');
  });

  afterAll(() => env.teardown());

  it('queues each attempt once on the delivery subject, whatever number of times it is sent', async () => {
    const queue = new JetStreamDeliveryQueue(env.nc, { prefix: env.prefix });
    const job = { deliveryId: 'd-1', attempt: 1 };
    await Promise.all([queue.enqueue(job), queue.enqueue(job), queue.enqueue({ ...job, attempt: 2 })]);
    const jsm = await jetstreamManager(env.nc);
    const info = await jsm.streams.info(env.layout.streams.deliveries);
    expect(info.state.messages).toBe(2);
    const stored = await jsm.streams.getMessage(env.layout.streams.deliveries, {
      last_by_subj: env.layout.deliverySubject('d-1'),
    });
    expect(stored?.json()).toEqual({ deliveryId: 'd-1', attempt: 2 });
    expect(stored?.header.get('Nats-Msg-Id')).toBe('d-1:2');
  });

  it('gives a retry timer the same target as a queued attempt', () => {
    const target = deliveryMessage(env.layout, { deliveryId: 'd-2', attempt: 3 });
    expect(target.subject).toBe(env.layout.deliverySubject('d-2'));
    expect(target.msgId).toBe('d-2:3');
  });
});
