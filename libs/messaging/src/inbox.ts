import type { Command, Inbox } from '@baton/engine';
import type { NatsConnection } from '@nats-io/nats-core';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { encodeJson } from './json-payload';

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
    const { subject, payload, msgId } = inboxMessage(this.layout, command);
    await this.publisher.publish(subject, payload, { msgID: msgId, traceparent: command.traceparent });
  }
}

/** Where and how a command is sent to the inbox: the one rule, also used for commands a timer sends later. */
export function inboxMessage(
  layout: NatsLayout,
  command: Command,
): { readonly subject: string; readonly payload: Uint8Array; readonly msgId: string } {
  return {
    subject: layout.inboxSubject(command.runId),
    payload: encodeJson(command),
    msgId: command.commandId,
  };
}
