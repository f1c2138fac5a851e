import { evolve, initialRunState, type RunEvent, type RunState } from '@baton/engine';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RunStep } from './entities/run-step.entity';
import { Run, type RunRecord } from './entities/run.entity';
import { eventPosition } from './event-position';
import type { ReadModelOrm } from './orm';
import { runColumnsOf } from './run-row';
import { changedStepRows } from './step-rows';

/** An event as the projector's consumer received it; `streamSeq` is the JetStream message sequence. */
export interface StreamedEvent {
  readonly event: RunEvent;
  readonly streamSeq?: number;
}

/**
 * What happened to one event: `applied`; `duplicate` (already applied: skipped); `gap` (an earlier
 * event of its run has not been applied yet: nothing was written, redeliver it later).
 */
export interface ProjectionOutcome {
  readonly runId: string;
  readonly seq: number;
  readonly result: 'applied' | 'duplicate' | 'gap';
}

/** First key of the per-run advisory locks (the second is hashtext(runId)). */
const RUN_LOCK_CLASS = 7_304_205;

/**
 * Keeps `runs` and `run_steps` up to date from the run event log, by folding each run's events
 * with the engine's own `evolve`. Idempotent: replaying a stream, or redelivering any of its
 * events, leaves the same rows. Nothing here is read back into a run's decisions.
 */
export class RunProjector {
  constructor(private readonly orm: ReadModelOrm) {}

  async apply(event: RunEvent, streamSeq?: number): Promise<ProjectionOutcome> {
    const [outcome] = await this.applyBatch([{ event, streamSeq }]);
    return outcome;
  }

  /** Applies events in order, in one transaction: all of them are written, or none. */
  async applyBatch(batch: readonly StreamedEvent[]): Promise<ProjectionOutcome[]> {
    if (batch.length === 0) return [];
    return this.orm.em.fork().transactional(async (em) => {
      const runIds = [...new Set(batch.map(({ event }) => event.runId))].sort();
      // Projector replicas may hold events of the same run at once: serialise per run, always in
      // the same order, so that two batches never deadlock.
      for (const runId of runIds) {
        await em.execute('select pg_advisory_xact_lock(?, hashtext(?))', [RUN_LOCK_CLASS, runId]);
      }
      const folds = new Map(
        (await em.find(Run, { id: { $in: runIds } })).map((run) => [run.id, new RunFold(run)]),
      );
      const outcomes = batch.map(({ event, streamSeq }) => {
        const fold = folds.get(event.runId) ?? new RunFold(undefined);
        folds.set(event.runId, fold);
        return { runId: event.runId, seq: event.seq, result: fold.apply(event, streamSeq) };
      });
      for (const fold of folds.values()) await fold.write(em);
      return outcomes;
    });
  }
}

/** One run's rows during a batch: its state before the batch, and the state its new events fold to. */
class RunFold {
  private readonly before: RunState;
  private state: RunState;
  private streamSeq: number | null;

  constructor(private readonly row: RunRecord | undefined) {
    this.before = row?.snapshot ?? initialRunState();
    this.state = this.before;
    this.streamSeq = row?.lastStreamSeq ?? null;
  }

  apply(event: RunEvent, streamSeq: number | undefined): ProjectionOutcome['result'] {
    // The engine's state counts folded events in `seq`: 0 until RunRequested has been applied.
    const position = eventPosition(this.state.seq === 0 ? undefined : this.state.seq, event);
    if (position !== 'next') return position;
    this.state = evolve(this.state, event);
    this.streamSeq = streamSeq ?? this.streamSeq;
    return 'applied';
  }

  async write(em: EntityManager): Promise<void> {
    if (this.state === this.before) return;
    const columns = { ...runColumnsOf(this.state), lastStreamSeq: this.streamSeq };
    if (this.row === undefined) em.create(Run, columns);
    else em.assign(this.row, columns);
    const steps = changedStepRows(columns.id, this.before, this.state);
    if (steps.length > 0) await em.upsertMany(RunStep, steps);
  }
}
