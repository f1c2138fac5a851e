/**
 * The concurrency coordinator: the one rule that spans runs (ensemble `concurrency`). Runs are
 * independent aggregates, so this is a second small pure decider over the slot of one
 * (ensemble, key value): which runs run, which wait (FIFO), which must be cancelled.
 *
 * - `queue`: a new run starts when fewer than `limit` run, else it waits its turn.
 * - `cancel-running`: a new run always starts; the oldest running runs are cancelled to make room.
 * - `drain`: as `queue`, and a run never starts while a run of an older revision still runs, so
 *   the old revision drains before the new one takes over (up to the limit).
 */
import type { ConcurrencyPolicy } from '@baton/model';

export interface SlotRun {
  readonly runId: string;
  readonly revision: number;
}

export interface SlotState {
  readonly running: readonly SlotRun[];
  /** Oldest first. */
  readonly queued: readonly SlotRun[];
  /** The policy and limit of the latest Acquire, which a Release applies when it frees room. */
  readonly policy: ConcurrencyPolicy;
  readonly limit: number;
}

export type AdmissionCommand =
  | {
      readonly type: 'Acquire';
      readonly runId: string;
      readonly revision: number;
      readonly policy: ConcurrencyPolicy;
      readonly limit: number;
    }
  /** A run of the slot ended (or was cancelled while queued). */
  | { readonly type: 'Release'; readonly runId: string };

export interface AdmissionDecision {
  /** Runs that may start now (send each an AdmitRun). */
  readonly admit: readonly string[];
  /** Runs that must wait. */
  readonly queue: readonly string[];
  /** Running runs to cancel (send each a CancelRun). */
  readonly cancel: readonly string[];
  /** The slot after the decision. */
  readonly state: SlotState;
}

export function initialSlotState(): SlotState {
  return { running: [], queued: [], policy: 'queue', limit: 1 };
}

export function decideAdmission(slot: SlotState, command: AdmissionCommand): AdmissionDecision {
  return command.type === 'Acquire' ? acquire(slot, command) : release(slot, command);
}

function acquire(
  slot: SlotState,
  command: Extract<AdmissionCommand, { type: 'Acquire' }>,
): AdmissionDecision {
  const known = (run: SlotRun) => run.runId === command.runId;
  // Acquiring twice is harmless: the run keeps its place.
  if (slot.running.some(known) || slot.queued.some(known))
    return { admit: [], queue: [], cancel: [], state: slot };
  const run: SlotRun = { runId: command.runId, revision: command.revision };
  const { policy } = command;
  const limit = Math.max(1, Math.floor(command.limit));
  if (policy === 'cancel-running') {
    const excess = Math.max(0, slot.running.length + 1 - limit);
    const cancelled = slot.running.slice(0, excess);
    return {
      admit: [run.runId],
      queue: [],
      cancel: cancelled.map((r) => r.runId),
      state: { running: [...slot.running.slice(excess), run], queued: slot.queued, policy, limit },
    };
  }
  return fill({ running: slot.running, queued: [...slot.queued, run], policy, limit }, [run.runId]);
}

function release(
  slot: SlotState,
  command: Extract<AdmissionCommand, { type: 'Release' }>,
): AdmissionDecision {
  const other = (run: SlotRun) => run.runId !== command.runId;
  return fill({ ...slot, running: slot.running.filter(other), queued: slot.queued.filter(other) }, []);
}

/** Admits queued runs, oldest first, while the policy allows; reports newly queued ones that must still wait. */
function fill(slot: SlotState, arriving: readonly string[]): AdmissionDecision {
  const { policy, limit } = slot;
  const running = [...slot.running];
  const queued = [...slot.queued];
  const admit: string[] = [];
  while (queued.length > 0 && running.length < limit && mayStart(running, queued[0], policy)) {
    const next = queued.shift() as SlotRun;
    running.push(next);
    admit.push(next.runId);
  }
  const queue = arriving.filter((runId) => queued.some((run) => run.runId === runId));
  return { admit, queue, cancel: [], state: { running, queued, policy, limit } };
}

function mayStart(running: readonly SlotRun[], candidate: SlotRun, policy: ConcurrencyPolicy): boolean {
  return policy !== 'drain' || running.every((run) => run.revision >= candidate.revision);
}
