import type { Task } from '@baton/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { JetStreamTaskQueue } from './task-queue';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const httpTask = fixture<Task>('task-http');

describe('JetStreamTaskQueue', () => {
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let queue: JetStreamTaskQueue;

  const pendingFor = async (consumer: string): Promise<number> =>
    (await jsm.consumers.info(env.layout.streams.tasks, consumer)).num_pending;

  beforeAll(async () => {
    env = await isolatedLayout('tasks');
    jsm = await jetstreamManager(env.nc);
    queue = new JetStreamTaskQueue(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  it("publishes a task on its operation's subject, where only that operation's workers see it", async () => {
    await queue.publish(httpTask);
    const stored = await jsm.streams.getMessage(env.layout.streams.tasks, {
      last_by_subj: env.layout.taskSubject('http'),
    });
    expect(stored?.json()).toEqual(httpTask);
    expect(stored?.header.get('traceparent')).toBe(httpTask.traceparent);
    expect(await pendingFor('worker-http')).toBe(1);
    expect(await pendingFor('worker-email')).toBe(0);
  });

  it('stores a task published twice with the same task id once', async () => {
    const task: Task = { ...httpTask, operation: 'email', taskId: 'run-fixture:mail:0:1' };
    await queue.publish(task);
    await queue.publish(task);
    expect(await pendingFor('worker-email')).toBe(1);
  });

  it('refuses a task for an operation no worker runs, rather than strand it', async () => {
    const task: Task = { ...httpTask, operation: 'sleep', taskId: 'run-fixture:nap:0:1' };
    await expect(queue.publish(task)).rejects.toMatchObject({ code: 'no-worker-for-operation' });
  });
});
