import { v5 as uuidv5 } from 'uuid';
import type { EnsembleDefinition } from '@baton/model';
import type { DefinitionStore, Inbox, StartRun, Task, Timers } from '@baton/engine';
import { UnknownEnsembleError, type StartRunRequest } from '@baton/connectors';
import { traceparentOf, withNewTrace } from '@baton/telemetry';

const SENT_RUN_NAMESPACE = '0b7d3f52-25a8-4c43-9d0c-6f5a1f3c2e11';

/**
 * `storage` queue sends: starts a run of the named ensemble, or of every ensemble with a `queue`
 * trigger on the queue (`event:NAME` reaches `event` triggers), now or durably after a delay.
 * A retried attempt sends the same run ids (derived from the task's idempotency key), so a send is
 * never doubled. Each run sent starts a trace of its own, linked to the sending attempt's span.
 */
export class QueueSender {
  constructor(
    private readonly definitions: DefinitionStore,
    private readonly inbox: Inbox,
    private readonly timers: Timers,
  ) {}

  async send(task: Task, request: StartRunRequest, now: Date): Promise<{ runIds: string[] }> {
    const targets = await this.targets(request);
    const runIds: string[] = [];
    for (const { definition, revision } of targets) {
      const runId = uuidv5(`${task.idempotencyKey}>${definition.name}`, SENT_RUN_NAMESPACE);
      const attributes = {
        'baton.run_id': runId,
        'baton.ensemble': definition.name,
        'baton.trigger': 'queue',
      };
      await withNewTrace(`start ${definition.name}`, attributes, () => {
        const traceparent = traceparentOf();
        return this.start(
          {
            type: 'StartRun',
            runId,
            commandId: `start:${runId}`,
            at: now.toISOString(),
            ensemble: definition.name,
            revision,
            input: request.input,
            trigger: {
              type: 'queue',
              queue: request.queue ?? null,
              from: { runId: task.runId, agent: task.agent },
            },
            ...(traceparent ? { traceparent } : {}),
          },
          request,
          now,
        );
      });
      runIds.push(runId);
    }
    return { runIds };
  }

  private async start(command: StartRun, request: StartRunRequest, now: Date): Promise<void> {
    if (request.delayMs && request.delayMs > 0) {
      const dueAt = new Date(now.getTime() + request.delayMs).toISOString();
      await this.timers.schedule({
        timerId: `start:${command.runId}`,
        runId: command.runId,
        dueAt,
        command: { ...command, at: dueAt },
      });
    } else {
      await this.inbox.send(command);
    }
  }

  private async targets(
    request: StartRunRequest,
  ): Promise<Array<{ definition: EnsembleDefinition; revision: number }>> {
    if (request.ensemble !== undefined) {
      const found = await this.definitions.latest(request.ensemble);
      if (!found) throw new UnknownEnsembleError(request.ensemble);
      return [found];
    }
    const queue = request.queue ?? '';
    const event = queue.startsWith('event:') ? queue.slice('event:'.length) : undefined;
    const listening = (await this.definitions.list()).filter(({ definition }) =>
      definition.triggers.some((trigger) =>
        event === undefined
          ? trigger.type === 'queue' && trigger.queue === queue
          : trigger.type === 'event' && eventMatches(trigger.event, event),
      ),
    );
    if (listening.length === 0)
      throw new UnknownEnsembleError(event === undefined ? `queue:${queue}` : `event:${event}`);
    return listening;
  }
}

/** `order.*` matches `order.created`; `*` matches one dot-separated token, `>` the rest (NATS style). */
export function eventMatches(pattern: string, name: string): boolean {
  const p = pattern.split('.');
  const n = name.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return n.length > i;
    if (i >= n.length || (p[i] !== '*' && p[i] !== n[i])) return false;
  }
  return p.length === n.length;
}
