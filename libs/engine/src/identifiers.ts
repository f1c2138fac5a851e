/**
 * Ids derived from their cause, so that deciding the same thing twice produces the same ids and
 * every downstream append, publish and timer is deduplicated.
 */
import { createHash } from 'node:crypto';
import type { TimerKind } from './commands';

/** `<runId>:<agent>:<iteration>:<attempt>`: one attempt; also the task's message id. */
export function attemptId(runId: string, agent: string, iteration: number, attempt: number): string {
  return `${runId}:${agent}:${iteration}:${attempt}`;
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
): string {
  return `${attemptId(runId, agent, iteration, attempt)}:${kind}`;
}

// Fixed namespace of Baton's name-based (v5) run ids.
const CHILD_RUN_NAMESPACE = Buffer.from('8f1d3c52a0b74e0f9a6e2b7c4d5e6f70', 'hex');

/**
 * The run id of the child a `run` agent starts: a UUID (v5) of `<runId>:<agent>:<iteration>` for
 * the first attempt (`:<attempt>` appended for a retry, which needs a fresh child), so starting it
 * again after a crash names the same child and is a no-op.
 */
export function childRunId(runId: string, agent: string, iteration: number, attempt: number): string {
  const name =
    attempt <= 1 ? idempotencyKey(runId, agent, iteration) : attemptId(runId, agent, iteration, attempt);
  const bytes = createHash('sha1').update(CHILD_RUN_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
