/** In-memory adapters of the engine's ports, for tests of the application service (no NATS needed). */
import type { EnsembleDefinition } from '@baton/model';
import {
  AppendConflictError,
  decideAdmission,
  encodeDecision,
  initialSlotState,
  type AdmissionCommand,
  type AdmissionDecision,
  type ConcurrencySlots,
  type SlotState,
  type Command,
  type DefinitionStore,
  type EventLog,
  type Inbox,
  type RecordedDecision,
  type StoredEvents,
  type Task,
  type TaskQueue,
  type Timer,
  type Timers,
} from '@baton/engine';

/**
 * One message per decision, checked like nats-server 2.9 checks them: the message id (the command
 * id) first — a stored decision answers as a duplicate, accepted only when byte-identical — then the
 * expected last sequence.
 */
export class InMemoryEventLog implements EventLog {
  private readonly subjects = new Map<string, Array<{ decision: RecordedDecision; sequence: number }>>();
  private readonly messageIds = new Map<string, { bytes: string; sequence: number }>();
  private sequence = 0;
  /** Appends that reached the log (duplicates not counted). */
  appends = 0;

  async read(runId: string): Promise<StoredEvents> {
    const entries = this.subjects.get(runId) ?? [];
    const decisions = entries.map((entry) => entry.decision);
    return {
      decisions,
      events: decisions.flatMap((decision) => decision.events),
      lastSubjectSequence: entries.at(-1)?.sequence ?? 0,
    };
  }

  async append(runId: string, decision: RecordedDecision, expected: number): Promise<number> {
    const bytes = Buffer.from(encodeDecision(decision)).toString('base64');
    const duplicate = this.messageIds.get(`${runId}/${decision.commandId}`);
    if (duplicate !== undefined) {
      if (duplicate.bytes === bytes) return duplicate.sequence;
      throw new AppendConflictError(`${runId} already records another decision of ${decision.commandId}`);
    }
    const entries = this.subjects.get(runId) ?? [];
    if ((entries.at(-1)?.sequence ?? 0) !== expected) throw new AppendConflictError(`conflict on ${runId}`);
    const sequence = ++this.sequence;
    entries.push({ decision, sequence });
    this.subjects.set(runId, entries);
    this.messageIds.set(`${runId}/${decision.commandId}`, { bytes, sequence });
    this.appends++;
    return sequence;
  }
}

/** Dedupes by id like JetStream's Nats-Msg-Id within its window. */
class DedupedList<T> {
  readonly items: T[] = [];
  private readonly seen = new Set<string>();
  add(id: string, item: T): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.items.push(item);
  }
}

export class InMemoryTaskQueue implements TaskQueue {
  private readonly list = new DedupedList<Task>();
  get published(): readonly Task[] {
    return this.list.items;
  }
  async publish(task: Task): Promise<void> {
    this.list.add(task.taskId, task);
  }
}

export class InMemoryTimers implements Timers {
  private readonly list = new DedupedList<Timer>();
  get scheduled(): readonly Timer[] {
    return this.list.items;
  }
  private readonly cancelledIds = new Set<string>();
  /** Every timer id ever cancelled, in order of first cancellation. */
  get cancelled(): readonly string[] {
    return [...this.cancelledIds];
  }
  async schedule(timer: Timer): Promise<void> {
    this.list.add(timer.timerId, timer);
  }
  async cancel(timerIds: readonly string[]): Promise<void> {
    for (const id of timerIds) this.cancelledIds.add(id);
  }
}

export class InMemoryInbox implements Inbox {
  private readonly list = new DedupedList<Command>();
  get sent(): readonly Command[] {
    return this.list.items;
  }
  async send(command: Command): Promise<void> {
    this.list.add(command.commandId, command);
  }
}

export class InMemoryDefinitionStore implements DefinitionStore {
  private readonly revisions = new Map<string, EnsembleDefinition[]>();
  async latest(name: string) {
    const list = this.revisions.get(name);
    return list?.length ? { definition: list[list.length - 1], revision: list.length } : undefined;
  }
  async get(name: string, revision: number) {
    return this.revisions.get(name)?.[revision - 1];
  }
  async put(definition: EnsembleDefinition): Promise<number> {
    const list = this.revisions.get(definition.name) ?? [];
    if (list.length && JSON.stringify(list[list.length - 1]) === JSON.stringify(definition))
      return list.length;
    list.push(definition);
    this.revisions.set(definition.name, list);
    return list.length;
  }
  async list() {
    return [...this.revisions.entries()].map(([name, list]) => ({
      name,
      revision: list.length,
      definition: list[list.length - 1],
    }));
  }
}

export class InMemoryConcurrencySlots implements ConcurrencySlots {
  readonly slots = new Map<string, SlotState>();
  async decide(slot: string, command: AdmissionCommand): Promise<AdmissionDecision> {
    const decision = decideAdmission(this.slots.get(slot) ?? initialSlotState(), command);
    this.slots.set(slot, decision.state);
    return decision;
  }
}
