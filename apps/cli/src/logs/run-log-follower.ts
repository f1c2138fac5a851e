import type { Baton, RunEvent, RunListItem } from '@baton/client';
import type { LoggedEvent } from './event-line';

const TERMINAL = new Set(['RunCompleted', 'RunFailed', 'RunTimedOut', 'RunCancelled']);
/** Newest runs looked at on each poll after the first: a new run shows up among them. */
const NEWEST_RUNS = 50;

interface Followed {
  readonly ensemble: string;
  lastSeq: number;
  ended: boolean;
}

export interface FollowerOptions {
  /** One run only; else every run (of `ensemble` when given). */
  readonly runId?: string;
  readonly ensemble?: string;
  /** How many of the newest runs the first poll prints (every run: `tail`'s backlog). */
  readonly backlog: number;
}

/**
 * The source of `baton logs`: the API's event log of each run (GET /api/runs/<id>/events), which
 * is the truth and complete, and for every run the run list (GET /api/runs, newest first) to find
 * the runs. Each `poll` returns the events not returned before; a run is read until it has ended.
 */
export class RunLogFollower {
  private readonly followed = new Map<string, Followed>();
  private polls = 0;

  constructor(
    private readonly baton: Baton,
    private readonly options: FollowerOptions,
  ) {}

  /** True once the one followed run has ended (never when following every run). */
  get done(): boolean {
    const { runId } = this.options;
    return runId !== undefined && this.followed.get(runId)?.ended === true;
  }

  async poll(): Promise<LoggedEvent[]> {
    const first = this.polls++ === 0;
    const runs = this.options.runId === undefined ? await this.runsToRead(first) : await this.oneRun();
    const found: LoggedEvent[] = [];
    for (const [runId, followed] of runs) {
      const events = await this.baton.runs.events(runId);
      found.push(...this.fresh(followed, events));
    }
    return found;
  }

  private async oneRun(): Promise<Map<string, Followed>> {
    const runId = this.options.runId as string;
    let followed = this.followed.get(runId);
    if (!followed) {
      const run = await this.baton.runs.get(runId);
      followed = { ensemble: run.ensemble, lastSeq: 0, ended: false };
      this.followed.set(runId, followed);
    }
    return followed.ended ? new Map() : new Map([[runId, followed]]);
  }

  /** The newest runs (the backlog on the first poll), and every run seen before that has not ended. */
  private async runsToRead(first: boolean): Promise<Map<string, Followed>> {
    const limit = first ? this.options.backlog : NEWEST_RUNS;
    const page = await this.baton.runs.list({ ensemble: this.options.ensemble, limit });
    const toRead = new Map<string, Followed>();
    for (const run of page.runs) this.track(run, toRead);
    for (const [runId, followed] of this.followed) if (!followed.ended) toRead.set(runId, followed);
    return toRead;
  }

  private track(run: RunListItem, toRead: Map<string, Followed>): void {
    let followed = this.followed.get(run.id);
    if (!followed) {
      followed = { ensemble: run.ensemble, lastSeq: 0, ended: false };
      this.followed.set(run.id, followed);
    }
    if (!followed.ended) toRead.set(run.id, followed);
  }

  private fresh(followed: Followed, events: readonly RunEvent[]): LoggedEvent[] {
    const fresh = events.filter((event) => event.seq > followed.lastSeq);
    for (const event of fresh) {
      followed.lastSeq = Math.max(followed.lastSeq, event.seq);
      if (TERMINAL.has(event.type)) followed.ended = true;
    }
    return fresh.map((event) => ({ ensemble: followed.ensemble, event }));
  }
}
