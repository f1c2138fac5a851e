/**
 * Every id Baton derives or mints, in one module: run ids, command ids, task and timer ids.
 *
 * Ids derived from their cause make every downstream append, publish and timer idempotent:
 * deciding, sending or firing the same thing twice produces the same id, and JetStream (message
 * ids), the event log (command ids) and the timer store (timer ids) each keep one.
 *
 * Name-based run ids are UUID v5 in one namespace; each kind of cause has its own name scheme
 * (`child:…`, `send:…`, `cron:…`, `database:…`, `api:…`, and webhook keys, which start with `/`),
 * so no two causes can produce the same name.
 */
import { v5 as uuidV5, v7 as uuidV7 } from 'uuid';
import type { TimerKind } from './commands';

/**
 * The namespace of every name-based run id. It is the namespace ingress derived webhook and
 * `Idempotency-Key` run ids in before this module existed: a delivery retried days later (the
 * dedupe KV keeps keys 7 days) must get the run id it got then.
 */
const RUN_ID_NAMESPACE = Uint8Array.from([
  0x6f, 0x1c, 0x9b, 0x1e, 0x7d, 0x1a, 0x4f, 0x5e, 0x9a, 0x8e, 0x2b, 0x0c, 0x4d, 0x3e, 0x5f, 0x60,
]);

function nameBasedRunId(name: string): string {
  return uuidV5(name, RUN_ID_NAMESPACE);
}

// ---------------------------------------------------------------------------------------------
// Run ids

/**
 * A new run with no cause to derive from (an API start without `Idempotency-Key`, a rerun, a
 * generic webhook): UUID v7, time-ordered, from the caller's clock and 16 random bytes (the core
 * reads neither itself).
 */
export function freshRunId(msecs: number, random: Uint8Array): string {
  return uuidV7({ msecs, random });
}

/**
 * The run of a dedupe key: a webhook delivery (`<path>#<delivery id>`, the path always starting
 * with `/`), an API start with `Idempotency-Key` (`api:<ensemble>#<key>`), a cron instant or a
 * database event (`cronDedupeKey`, `databaseDedupeKey`). The same key always names the same run.
 * The key itself is the name: this scheme predates the others and must not change.
 */
export function dedupedRunId(dedupeKey: string): string {
  return nameBasedRunId(dedupeKey);
}

/**
 * The child a `run` agent starts: `child:<parent run>:<agent>:<iteration>` for the first attempt
 * (`:<attempt>` appended for a retry, which needs a fresh child), so starting it again after a
 * crash names the same child and is a no-op.
 */
export function childRunId(parentRunId: string, agent: string, iteration: number, attempt: number): string {
  const attemptPart = attempt <= 1 ? '' : `:${attempt}`;
  return nameBasedRunId(`child:${parentRunId}:${agent}:${iteration}${attemptPart}`);
}

/**
 * A run started by an agent's send (a `storage` queue send, an `emit`): `send:<the attempt's
 * idempotency key>:<ensemble>`, so a retried attempt sends the same runs and a send is never doubled.
 */
export function sentRunId(senderIdempotencyKey: string, ensemble: string): string {
  return nameBasedRunId(`send:${senderIdempotencyKey}:${ensemble}`);
}

/** The dedupe key of one cron instant of one trigger: `cron:<ensemble>:<trigger index>:<instant ISO 8601>`. */
export function cronDedupeKey(ensemble: string, triggerIndex: number, instant: Date): string {
  return `cron:${ensemble}:${triggerIndex}:${instant.toISOString()}`;
}

/** The dedupe key of one database event of one trigger: `database:<ensemble>:<trigger index>:<event key>`. */
export function databaseDedupeKey(ensemble: string, triggerIndex: number, eventKey: string): string {
  return `database:${ensemble}:${triggerIndex}:${eventKey}`;
}

/** The dedupe key of an API start with `Idempotency-Key`. */
export function apiDedupeKey(ensemble: string, idempotencyKey: string): string {
  return `api:${ensemble}#${idempotencyKey}`;
}

/** The dedupe key of a webhook delivery: the path it came to (always starting with `/`) and its id. */
export function webhookDedupeKey(path: string, deliveryId: string): string {
  return `${path}#${deliveryId}`;
}

// ---------------------------------------------------------------------------------------------
// Task and timer ids

/** `<runId>:<agent>:<iteration>:<attempt>`: one attempt; also the task's message id. */
export function attemptId(
  runId: string,
  agent: string,
  iteration: number,
  attempt: number,
  deferrals = 0,
): string {
  // An attempt sent again after a breaker deferred it keeps its number; the suffix keeps its task,
  // result and timer ids apart from the refused sending's (`…:1d1`, `…:1d2`).
  return `${runId}:${agent}:${iteration}:${attempt}${deferrals > 0 ? `d${deferrals}` : ''}`;
}

/** `<runId>:<agent>:<iteration>`: stable across attempts, the side effect's idempotency key. */
export function idempotencyKey(runId: string, agent: string, iteration: number): string {
  return `${runId}:${agent}:${iteration}`;
}

export function runTimerId(runId: string): string {
  return `${runId}:run-timeout`;
}

export function agentTimerId(
  runId: string,
  kind: Exclude<TimerKind, 'run-timeout'>,
  agent: string,
  iteration: number,
  attempt: number,
  deferrals = 0,
): string {
  return `${attemptId(runId, agent, iteration, attempt, deferrals)}:${kind}`;
}

/** A delayed start waits in the timer store under its command's id. */
export function delayedStartTimerId(runId: string): string {
  return startCommandId(runId);
}

// ---------------------------------------------------------------------------------------------
// Command ids: `<what>:<the one thing it is about>`, so a command sent twice is one command.

/** Every start of a run, whoever sends it: a run starts once. */
export function startCommandId(runId: string): string {
  return `start:${runId}`;
}

export function resultCommandId(taskId: string): string {
  return `result:${taskId}`;
}

/**
 * Why a run is cancelled: a user through the API, a newer run taking its concurrency slot, or its
 * parent no longer waiting for it. Each cause cancels a run at most once.
 */
export type CancelCause = 'api' | 'concurrency' | 'parent';

export function cancelCommandId(runId: string, cause: CancelCause): string {
  return cause === 'api' ? `cancel:${runId}` : `cancel:${cause}:${runId}`;
}

/**
 * `resolve:<runId>:<key>:<opening>`: one resolution per opening of a wait (`opening` is the wait
 * entry's revision in `baton_waits`), so a key opened again later in the run is a new command.
 */
export function resolveCommandId(runId: string, waitKey: string, opening: number): string {
  return `resolve:${runId}:${waitKey}:${opening}`;
}

export function admitCommandId(runId: string): string {
  return `admit:${runId}`;
}

/** One per child: the child's end (or its refusal to start) is told to the parent once. */
export function childEndedCommandId(childRunId: string): string {
  return `child-ended:${childRunId}`;
}

/** A timer delivered twice is one command: its id is the timer's. */
export function timerFiredCommandId(timerId: string): string {
  return timerId;
}
