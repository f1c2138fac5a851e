import type { NatsConnection } from '@nats-io/nats-core';
import { natsLayout, replayStream, type LayoutOptions } from '@baton/messaging';
import { ReadModelRebuild, RunProjector, type ReadModelOrm, type RunLogMessage } from '@baton/persistence';
import { runEventsOf } from './run-events.handler';

/** Messages per transaction while replaying. */
const REPLAY_BATCH = 1000;

export interface RebuildProgress {
  readonly replayed: number;
  readonly total: number;
}

export type RebuildResult =
  | {
      readonly ok: true;
      /** Messages read from BATON_RUNS. */
      readonly messages: number;
      /** Runs in the rebuilt read models. */
      readonly runs: number;
      /** Messages skipped: their run's earlier events are gone from the stream (its age limit), or not JSON. */
      readonly skipped: number;
    }
  | { readonly ok: false; readonly code: 'rebuild-running'; readonly message: string };

/**
 * Rebuilds `runs`, `run_agents` and `run_steps` from BATON_RUNS: empties them, then replays every
 * message up to the stream's last one at that moment through the projector's own code, in
 * batches. A projector running meanwhile keeps consuming what comes after (ReadModelRebuild says
 * why the two never interleave wrongly).
 */
export async function rebuildRunReadModels(
  nc: NatsConnection,
  orm: ReadModelOrm,
  options: {
    readonly onProgress?: (progress: RebuildProgress) => void;
    readonly layout?: LayoutOptions;
  } = {},
): Promise<RebuildResult> {
  const start = await ReadModelRebuild.begin(orm);
  if (!start.ok) return start;
  try {
    const projector = new RunProjector(orm);
    // Read the stream's extent only now: every message a projector applied before the tables were
    // emptied is at or below it.
    const replay = await replayStream(nc, natsLayout(options.layout).streams.runs, {
      batchSize: REPLAY_BATCH,
    });
    const runs = new Set<string>();
    let replayed = 0;
    let skipped = 0;
    for await (const batch of replay.batches) {
      const messages: RunLogMessage[] = [];
      for (const message of batch) {
        try {
          messages.push({ events: runEventsOf(message.data), streamSeq: message.seq });
        } catch {
          skipped += 1;
        }
      }
      for (const outcome of await projector.applyBatch(messages)) {
        if (outcome.result === 'gap') skipped += 1;
        else if (outcome.runId !== undefined) runs.add(outcome.runId);
      }
      replayed += batch.length;
      options.onProgress?.({ replayed, total: replay.total });
    }
    return { ok: true, messages: replayed, runs: runs.size, skipped };
  } finally {
    await start.rebuild.end();
  }
}
