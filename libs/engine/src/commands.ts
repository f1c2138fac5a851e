/**
 * The commands `decide` takes live in @baton/intake (with their constructors and ids), so every
 * sender builds them the same way; re-exported here for the engine's own modules.
 */
export type {
  AdmitRun,
  CancelRun,
  ChildRunEnded,
  Command,
  CommandType,
  ResolveWait,
  StartRun,
  TaskResult,
  TimerFired,
  TimerKind,
} from '@baton/intake';
