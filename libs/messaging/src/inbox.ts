import { type Command, type Inbox, inboxLaneOf } from '@baton/intake';
import type { NatsConnection } from '@nats-io/nats-core';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { decodeJson, encodeJson } from './json-payload';

/**
 * The orchestrator's inbox on the BATON_INBOX work queue: starts on
 * `baton.inbox.start.<partition>.<runId>`, every other command on
 * `baton.inbox.<partition>.<source>.<runId>`. The command id is the message id, so a command sent
 * twice within the duplicate window (a retried webhook, a timer fired again after a crash) is
 * stored once.
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

export interface InboxMessage {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly msgId: string;
}

/**
 * Where and how a command is sent to the inbox: the one rule, also used for commands a timer sends
 * later. Its lane (a start, or a command from a source) and its run's partition pick the subject.
 */
export function inboxMessage(layout: NatsLayout, command: Command): InboxMessage {
  return { subject: inboxSubjectOf(layout, command), payload: encodeJson(command), msgId: command.commandId };
}

/** The one subject a command belongs on: its lane (start, or its source) and its run's partition. */
export function inboxSubjectOf(layout: NatsLayout, command: Command): string {
  const lane = inboxLaneOf(command);
  return lane.kind === 'start'
    ? layout.startSubject(command.runId)
    : layout.commandSubject(lane.source, command.runId);
}

/**
 * Why a command read from the inbox must not be applied, or undefined when it arrived on its own
 * subject. Each service's NATS user may publish only its own lane (deploy/nats/nats.conf: workers
 * only `result`), so a command on another lane's subject, or naming another run than its subject,
 * was forged by a publisher allowed on that subject only: a worker cannot cancel a run or resolve a
 * wait by sending the command on its results subject.
 */
export function misroutedCommand(layout: NatsLayout, command: Command, subject: string): string | undefined {
  let expected: string;
  try {
    expected = inboxSubjectOf(layout, command);
  } catch (error) {
    return `it names no valid run (${(error as Error).message})`;
  }
  return expected === subject ? undefined : `it arrived on ${subject}, not on its own subject ${expected}`;
}

/**
 * A timer stored before the inbox had partitions targets `<root>.inbox.<runId>`, which the stream no
 * longer takes: its command goes where `inboxMessage` sends it today. Any other target is kept.
 */
export function currentInboxTarget(layout: NatsLayout, target: InboxMessage): InboxMessage {
  const root = layout.streamSubjects.inbox.slice(0, -'*.*.*'.length);
  const rest = target.subject.startsWith(root) ? target.subject.slice(root.length) : undefined;
  if (rest === undefined || rest.includes('.')) return target;
  const decoded = decodeJson<Command>(target.payload);
  if (!decoded.ok || typeof decoded.value?.type !== 'string') return target;
  return { ...inboxMessage(layout, decoded.value), msgId: target.msgId };
}
