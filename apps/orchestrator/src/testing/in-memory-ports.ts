/** In-memory adapters of the engine's ports, for tests of the application service (no NATS needed). */
import type { EnsembleDefinition } from '@baton/model';
import {
  AppendConflictError,
  decideAdmission,
  initialSlotState,
  type AdmissionCommand,
  type AdmissionDecision,
  type ConcurrencySlots,
  type SlotState,
  type Command,
  type DefinitionStore,
  type EventLog,
  type Inbox,
  type RunEvent,
  type StoredEvents,
  type Task,
  type TaskQueue,
  type Timer,
  type Timers,
} from '@baton/engine';

export class InMemoryEventLog implements EventLog {
  private readonly subjects = new Map<string, Array<{ event: RunEvent; sequence: number }>>();
  private sequence = 0;
  /** Set to make the next append write only this many events and then "crash". */
  crashAfter?: number;

  async read(runId: string): Promise<StoredEvents> {
    const entries = this.subjects.get(runId) ?? [];
    return { events: entries.map((e) => e.event), lastSubjectSequence: entries.at(-1)?.sequence ?? 0 };
  }

  async append(runId: string, events: readonly RunEvent[], expected: number): Promise<number> {
    const entries = this.subjects.get(runId) ?? [];
    if ((entries.at(-1)?.sequence ?? 0) !== expected) throw new AppendConflictError(`conflict on ${runId}`);
    this.subjects.set(runId, entries);
    let written = 0;
    for (const event of events) {
      if (this.crashAfter !== undefined && written === this.crashAfter) {
        this.crashAfter = undefined;
        throw new Error('simulated crash during append');
      }
      entries.push({ event, sequence: ++this.sequence });
      written++;
    }
    return entries.at(-1)?.sequence ?? expected;
  }

  /** Appends behind the processor's back, as a second replica would. */
  async appendExternally(runId: string, events: readonly RunEvent[]): Promise<void> {
    const { lastSubjectSequence } = await this.read(runId);
    await this.append(runId, events, lastSubjectSequence);
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
