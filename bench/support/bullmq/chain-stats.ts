/** What the BullMQ peer's `GET /stats?until=<epoch ms>` answers (chain-producer.ts). */
export interface ChainStats {
  /** Runs whose first job this producer added. */
  readonly enqueued: number;
  /** Completed jobs of the last step: finished runs. */
  readonly completed: number;
  /** Of those, the ones finished (`finishedOn`) by `until`. */
  readonly completedBy: number;
  /** `finishedOn` of the last run that finished. */
  readonly lastFinishedAt: number | undefined;
  /** Jobs of every step still waiting, delayed or active. */
  readonly unfinished: number;
  /** Failed jobs of every step. */
  readonly failed: number;
  /** The outputs of a few finished runs, to check. */
  readonly sampleOutputs: readonly unknown[];
}
