/**
 * @baton/intake: how work enters Baton. The commands a run's inbox receives and their constructors,
 * every id (one module), where a command goes in the inbox (partition and lane), the trigger index,
 * and the one RunStarter over ports. Pure: no I/O, no clock (they come in through ports).
 */
export * from './commands';
export * from './command-constructors';
export * from './ids';
export * from './inbox-routing';
export type { Inbox, Timer, Timers } from './delivery';
export {
  TriggerIndex,
  describeSendTarget,
  eventMatches,
  sendTargetOfQueue,
  triggerListensTo,
  type IndexedWebhook,
  type SendTarget,
} from './trigger-index';
export * from './run-starter/start-ports';
export * from './run-starter/start-refusal';
export * from './run-starter/backlog-admission';
export {
  RunStarter,
  type PreparedStart,
  type PrepareOutcome,
  type SendingAttempt,
  type SendOutcome,
  type SendRequest,
  type StartedRun,
  type StartOutcome,
  type StartRequest,
} from './run-starter/run-starter';
