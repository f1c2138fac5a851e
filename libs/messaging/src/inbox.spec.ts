import type { CancelRun } from '@baton/engine';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { cancelRun, startRun, taskResult, timerFired } from '@baton/intake';
import { JetStreamInbox, currentInboxTarget, inboxMessage, misroutedCommand } from './inbox';
import { encodeJson } from './json-payload';
import { natsLayout } from './nats-layout';
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
      last_by_subj: env.layout.commandSubject('api', 'run-send'),
    });
    expect(stored?.json()).toEqual(command);
    expect(stored?.header.get('traceparent')).toBe(cancel.traceparent);
  });

  it('stores a command sent twice with the same command id once', async () => {
    const command = { ...cancel, runId: 'run-twice', commandId: 'cancel-twice' };
    await inbox.send(command);
    await inbox.send(command);
    expect(await messagesOn(env.layout.commandSubject('api', 'run-twice'))).toBe(1);
  });

  it('stores distinct commands of one run separately', async () => {
    await inbox.send({ ...cancel, runId: 'run-two', commandId: 'c1' });
    await inbox.send({ ...cancel, runId: 'run-two', commandId: 'c2' });
    expect(await messagesOn(env.layout.commandSubject('api', 'run-two'))).toBe(2);
  });

  it('sends starts and each source’s commands to their own subjects of the run’s partition', async () => {
    const layout = natsLayout();
    const at = '2026-01-01T00:00:00.000Z';
    const p = layout.partitionOf('run-9');
    const start = startRun({
      runId: 'run-9',
      at,
      ensemble: 'e',
      revision: 1,
      input: {},
      trigger: { type: 'api' },
    });
    const task = { runId: 'run-9', taskId: 'run-9:a:0:1', agent: 'a', iteration: 0, attempt: 1 };
    const result = taskResult(task, { at, outcome: { ok: true, output: 1 } });
    const fired = timerFired({
      runId: 'run-9',
      timerId: 'run-9:run-timeout',
      kind: 'run-timeout',
      dueAt: at,
    });
    const childCancel = cancelRun({ runId: 'run-9', at, reason: 'x', cause: 'parent' });
    expect(
      [start, result, fired, childCancel].map((command) => inboxMessage(layout, command).subject),
    ).toEqual([
      `baton.inbox.start.${p}.run-9`,
      `baton.inbox.${p}.result.run-9`,
      `baton.inbox.${p}.timer.run-9`,
      `baton.inbox.${p}.run.run-9`,
    ]);
    expect(inboxMessage(layout, result).msgId).toBe('result:run-9:a:0:1');
  });

  it('sends a timer stored for the single-inbox layout where its command goes today, keeping its message id', () => {
    const layout = natsLayout();
    const fired = timerFired({
      runId: 'run-9',
      timerId: 'run-9:sleep',
      kind: 'sleep',
      dueAt: '2026-01-01T00:00:00Z',
    });
    const stored = { subject: 'baton.inbox.run-9', payload: encodeJson(fired), msgId: 'run-9:sleep' };
    expect(currentInboxTarget(layout, stored)).toEqual({
      ...inboxMessage(layout, fired),
      msgId: 'run-9:sleep',
    });
    const today = inboxMessage(layout, fired);
    expect(currentInboxTarget(layout, today)).toBe(today);
    const elsewhere = { subject: 'notify.retry.x', payload: encodeJson({}), msgId: 'n' };
    expect(currentInboxTarget(layout, elsewhere)).toBe(elsewhere);
  });

  it('refuses a command read from another lane or another run than its subject says: a forged command', () => {
    const layout = natsLayout();
    const at = '2026-01-01T00:00:00Z';
    const cancelByApi = cancelRun({ runId: 'run-9', at, reason: 'x', cause: 'api' });
    const task = { runId: 'run-9', taskId: 'run-9:a:0:1', agent: 'a', iteration: 0, attempt: 1 };
    const result = taskResult(task, { at, outcome: { ok: true, output: 1 } });
    expect(misroutedCommand(layout, result, layout.commandSubject('result', 'run-9'))).toBeUndefined();
    expect(misroutedCommand(layout, cancelByApi, layout.commandSubject('api', 'run-9'))).toBeUndefined();
    // A worker may publish only on results subjects: a cancel sent there is not applied.
    expect(misroutedCommand(layout, cancelByApi, layout.commandSubject('result', 'run-9'))).toMatch(
      /arrived on baton\.inbox\.\d+\.result\.run-9, not on its own subject baton\.inbox\.\d+\.api\.run-9/,
    );
    // A result about another run than the subject's.
    expect(misroutedCommand(layout, result, layout.commandSubject('result', 'run-10'))).toMatch(
      /not on its own/,
    );
    // A start on a results subject, and a command without a usable run id.
    const start = inboxMessage(layout, { ...cancelByApi, type: 'StartRun' } as never).subject;
    expect(misroutedCommand(layout, { ...cancelByApi, type: 'StartRun' } as never, start)).toBeUndefined();
    expect(
      misroutedCommand(layout, { ...result, runId: 'a.b' }, layout.commandSubject('result', 'run-9')),
    ).toMatch(/names no valid run/);
  });
});
