import type { CancelRun } from '@baton/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { JetStreamInbox } from './inbox';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const cancel = fixture<CancelRun>('command-cancel');

describe('JetStreamInbox', () => {
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let inbox: JetStreamInbox;

  const messagesOn = async (subject: string): Promise<number> => {
    const info = await jsm.streams.info(env.layout.streams.inbox, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };

  beforeAll(async () => {
    env = await isolatedLayout('inbox');
    jsm = await jetstreamManager(env.nc);
    inbox = new JetStreamInbox(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  it("stores a command on its run's inbox subject, with its traceparent", async () => {
    const command = { ...cancel, runId: 'run-send', commandId: 'cancel-send' };
    await inbox.send(command);
    const stored = await jsm.streams.getMessage(env.layout.streams.inbox, {
      last_by_subj: env.layout.inboxSubject('run-send'),
    });
    expect(stored?.json()).toEqual(command);
    expect(stored?.header.get('traceparent')).toBe(cancel.traceparent);
  });

  it('stores a command sent twice with the same command id once', async () => {
    const command = { ...cancel, runId: 'run-twice', commandId: 'cancel-twice' };
    await inbox.send(command);
    await inbox.send(command);
    expect(await messagesOn(env.layout.inboxSubject('run-twice'))).toBe(1);
  });

  it('stores distinct commands of one run separately', async () => {
    await inbox.send({ ...cancel, runId: 'run-two', commandId: 'c1' });
    await inbox.send({ ...cancel, runId: 'run-two', commandId: 'c2' });
    expect(await messagesOn(env.layout.inboxSubject('run-two'))).toBe(2);
  });
});
