/**
 * What the RunStarter needs from the world, as ports: definitions, an input checker, the inbox and
 * the timer store, dedupe claims, an optional admission rule (ingress's backlog limit), and a clock
 * with randomness for fresh ids. Adapters: @baton/messaging (definitions cache, dedupe KV, inbox,
 * timers, backlog gauge); each app supplies its JSON Schema checker.
 */
import type { EnsembleDefinition } from '@baton/model';
import type { Inbox, Timers } from '../delivery';
import type { SendTarget } from '../trigger-index';

export interface LatestDefinition {
  readonly definition: EnsembleDefinition;
  readonly revision: number;
}

export interface StartDefinitions {
  /** The latest revision of an ensemble, or undefined when there is none. */
  latest(name: string): Promise<LatestDefinition | undefined>;
  /** The latest revisions of the ensembles a send to `target` starts (from an index, never a listing). */
  listeners(target: SendTarget): Promise<LatestDefinition[]>;
}

export type JsonSchema = { readonly [key: string]: unknown };

/** One reason an input fails its schema: a JSON pointer into the input (`/` for the root) and what is wrong. */
export interface InputProblem {
  readonly path: string;
  readonly message: string;
}

/** Checks an input against an ensemble's `input.schema` (JSON Schema). Pluggable: ajv, RE2 patterns, … */
export interface InputValidator {
  check(schema: JsonSchema, input: unknown): readonly InputProblem[];
}

export interface DedupeClaims {
  /** Claims a key for a run; of concurrent claims one wins, the others learn its run id (`duplicate`). */
  claim(key: string, runId: string): Promise<{ readonly runId: string; readonly duplicate: boolean }>;
  /** The run a key was claimed for, without claiming it; undefined when it is free. */
  find(key: string): Promise<string | undefined>;
}

/** Why new starts are refused for now (too many runs waiting to start), and when to try again. */
export interface AdmissionRefusal {
  readonly backlog: number;
  readonly limit: number;
  readonly retryAfterSeconds: number;
}

export interface StartAdmission {
  /** undefined while new starts are accepted. Cheap: read per request from a periodically refreshed figure. */
  refusal(): AdmissionRefusal | undefined;
}

export interface StartClock {
  now(): Date;
  /** `count` random bytes (fresh run ids). */
  randomBytes(count: number): Uint8Array;
}

export interface RunStarterPorts {
  readonly definitions: StartDefinitions;
  readonly inputs: InputValidator;
  readonly inbox: Inbox;
  /** Delayed starts (`delayMs`) wait in the timer store. */
  readonly timers: Pick<Timers, 'schedule'>;
  readonly dedupe: DedupeClaims;
  readonly clock: StartClock;
  /** Only where new work enters from outside (ingress); runs in flight are never refused. */
  readonly admission?: StartAdmission;
}
