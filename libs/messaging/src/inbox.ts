import type { Command, Inbox } from '@baton/engine';
import type { NatsConnection } from '@nats-io/nats-core';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';

/**
 * The orchestrator's inbox: `baton.inbox.<runId>` on the BATON_INBOX work queue. The command id is
 * the message id, so a command sent twice within the duplicate window (a retried webhook, a timer
 * fired again after a crash) is stored once.
 */
export class JetStreamInbox implements Inbox {
  private readonly publisher: JetStreamPublisher;
  private readonly layout: NatsLayout;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  async send(command: Command): Promise<void> {
    await this.publisher.publishJson(this.layout.inboxSubject(command.runId), command, {
      msgID: command.commandId,
      traceparent: command.traceparent,
    });
  }
}
