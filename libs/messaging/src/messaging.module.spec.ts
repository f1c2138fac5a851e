import type { CancelRun } from '@baton/engine';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from './connect-nats';
import { DedupeStore } from './dedupe-store';
import { KvDefinitionStore } from './definition-store';
import { JetStreamEventLog } from './event-log';
import { JetStreamInbox } from './inbox';
import { MessagingModule, NATS_CONNECTION } from './messaging.module';
import { JetStreamTaskQueue } from './task-queue';
import { JetStreamTimers } from './timers';
import { WaitDirectory } from './wait-directory';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, NATS_URL, isolatedLayout } from './test-support/isolated-layout';

const cancel = fixture<CancelRun>('command-cancel');

describe('MessagingModule', () => {
  let env: IsolatedLayout;

  beforeAll(async () => {
    env = await isolatedLayout('module');
  });

  afterAll(() => env.teardown());

  it("injects every adapter over the process's connection and layout, and drains the connection at shutdown", async () => {
    const nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-module' });
    const app = await NestFactory.createApplicationContext(
      MessagingModule.forConnection(nc, { prefix: env.prefix }),
      {
        logger: false,
      },
    );
    for (const adapter of [
      JetStreamEventLog,
      JetStreamInbox,
      JetStreamTaskQueue,
      JetStreamTimers,
      KvDefinitionStore,
      DedupeStore,
      WaitDirectory,
    ]) {
      expect(app.get(adapter)).toBeInstanceOf(adapter);
    }
    expect(app.get(NATS_CONNECTION)).toBe(nc);

    await app.get(JetStreamInbox).send({ ...cancel, runId: 'run-module' });
    const jsm = await jetstreamManager(env.nc);
    const stored = await jsm.streams.getMessage(env.layout.streams.inbox, {
      last_by_subj: env.layout.commandSubject('api', 'run-module'),
    });
    expect(stored?.json()).toMatchObject({ runId: 'run-module' });

    await app.close();
    expect(nc.isClosed()).toBe(true);
  });
});
