import type { DefinitionStore, EnvironmentSnapshot, Inbox, Task } from '@baton/engine';
import { taskResult, type RequestedStart } from '@baton/intake';
import {
  executeTask,
  type BreakerRegistry,
  type ConnectorServices,
  type PostgresPools,
  type TaskOutcome,
} from '@baton/connectors';
import type { QueueSender } from './queue-sender';

export interface TaskRunnerDeps {
  /** The process's definition cache (bounded, shared): the revision each task's run started with. */
  readonly definitions: Pick<DefinitionStore, 'get'>;
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
 * result to the run's inbox, with the runs a sending step asks for (the orchestrator starts them
 * once the result counts). The result's command id is derived from the attempt, so a task
 * redelivered after a crash reports at most one result the engine applies.
 */
export class TaskRunner {
  constructor(private readonly deps: TaskRunnerDeps) {}

  async run(task: Task): Promise<TaskOutcome> {
    // The attempt leaves the queue now: the engine records it as AgentStarted with the outcome.
    const startedAt = new Date().toISOString();
    const definition = await this.deps.definitions.get(task.ensemble, task.revision);
    const sends: RequestedStart[] = [];
    const outcome: TaskOutcome = definition
      ? await executeTask(task, definition, {
          env: this.deps.env,
          pools: this.deps.pools,
          breakers: this.deps.breakers,
          ...this.deps.connectors,
          startRun: (request) => this.deps.queue.send(task, request, (starts) => sends.push(...starts)),
        })
      : {
          ok: false,
          error: {
            code: 'unknown-revision',
            message: `ensemble '${task.ensemble}' has no revision ${task.revision}`,
          },
          retryable: false,
        };
    const reported = outcome.ok && sends.length > 0 ? { ...outcome, sends } : outcome;
    await this.deps.inbox.send(
      taskResult(task, { at: new Date().toISOString(), startedAt, outcome: reported }),
    );
    return outcome;
  }
}
