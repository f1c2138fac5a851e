import type { EnsembleDefinition } from '@baton/model';
import type { DefinitionStore, EnvironmentSnapshot, Inbox, Task, TaskResult } from '@baton/engine';
import {
  executeTask,
  type BreakerRegistry,
  type ConnectorServices,
  type PostgresPools,
  type TaskOutcome,
} from '@baton/connectors';
import type { QueueSender } from './queue-sender';

export interface TaskRunnerDeps {
  readonly definitions: DefinitionStore;
  readonly inbox: Inbox;
  readonly queue: QueueSender;
  readonly pools: PostgresPools;
  readonly breakers: BreakerRegistry;
  /** The outbound guard and the stores and transports of the newer operations (kv, blob, email). */
  readonly connectors: ConnectorServices;
  /** The worker's own environment, snapshotted once at start: the only place the secrets its tasks use are read. */
  readonly env: EnvironmentSnapshot;
}

/**
 * One task attempt: run the operation from the revision the run started with, then post the
 * result to the run's inbox. The result's command id is derived from the attempt, so a task
 * redelivered after a crash reports at most one result the engine applies.
 */
export class TaskRunner {
  private readonly revisions = new Map<string, EnsembleDefinition>();

  constructor(private readonly deps: TaskRunnerDeps) {}

  async run(task: Task): Promise<TaskOutcome> {
    // The attempt leaves the queue now: the engine records it as AgentStarted with the outcome.
    const startedAt = new Date().toISOString();
    const definition = await this.definition(task);
    const outcome: TaskOutcome = definition
      ? await executeTask(task, definition, {
          env: this.deps.env,
          pools: this.deps.pools,
          breakers: this.deps.breakers,
          ...this.deps.connectors,
          startRun: (request) => this.deps.queue.send(task, request, new Date()),
        })
      : {
          ok: false,
          error: {
            code: 'unknown-revision',
            message: `ensemble '${task.ensemble}' has no revision ${task.revision}`,
          },
          retryable: false,
        };
    const result: TaskResult = {
      type: 'TaskResult',
      runId: task.runId,
      commandId: `result:${task.taskId}`,
      at: new Date().toISOString(),
      taskId: task.taskId,
      agent: task.agent,
      iteration: task.iteration,
      attempt: task.attempt,
      startedAt,
      outcome,
      ...(task.traceparent ? { traceparent: task.traceparent } : {}),
    };
    await this.deps.inbox.send(result);
    return outcome;
  }

  private async definition(task: Task): Promise<EnsembleDefinition | undefined> {
    const key = `${task.ensemble}@${task.revision}`;
    const cached = this.revisions.get(key);
    if (cached) return cached;
    const definition = await this.deps.definitions.get(task.ensemble, task.revision);
    if (definition) this.revisions.set(key, definition);
    return definition;
  }
}
