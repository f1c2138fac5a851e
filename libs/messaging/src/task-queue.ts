import type { Task, TaskQueue } from '@baton/engine';
import type { NatsConnection } from '@nats-io/nats-core';
import { sealMessage } from '@baton/payload-codec';
import { MessagingError } from './messaging-error';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { WORKER_OPERATIONS, isWorkerOperation } from './worker-operations';

/**
 * Step attempts for the workers: `baton.task.<operation>` on the BATON_TASKS work queue, consumed by
 * `worker-<operation>`. The task id (one per attempt) is the message id.
 */
export class JetStreamTaskQueue implements TaskQueue {
  private readonly publisher: JetStreamPublisher;
  private readonly layout: NatsLayout;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  async publish(task: Task): Promise<void> {
    // A work queue keeps what nobody consumes: refuse rather than strand the attempt.
    if (!isWorkerOperation(task.operation)) {
      throw new MessagingError(
        'no-worker-for-operation',
        `Task ${task.taskId} has operation "${task.operation}", which no worker consumes (workers: ${WORKER_OPERATIONS.join(', ')})`,
      );
    }
    // The task carries the run scope it names (inputs, outputs): one envelope with BATON_PAYLOAD_KEY.
    await this.publisher.publishJson(this.layout.taskSubject(task.operation), sealMessage(task), {
      msgID: task.taskId,
      traceparent: task.traceparent,
    });
  }
}
