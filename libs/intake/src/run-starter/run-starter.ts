/**
 * The one way a run is started: webhooks, API starts and reruns (ingress), queue and event sends
 * (prepared by workers, started by the orchestrator), cron, database triggers and the client. It
 * finds the ensemble's latest revision, checks the input against its schema, names the run, claims
 * the dedupe key, and answers only once JetStream acknowledged the StartRun (or the timer that
 * delivers it later).
 *
 * Exactly one run per dedupe key: the run id is derived from the key, and a duplicate sends the
 * same StartRun again (the engine ignores a second start of a run), so a crash between the claim
 * and the publish cannot lose the run.
 */
import type { RequestedStart, TriggerInfo } from '../commands';
import { delayedStart, startRun } from '../command-constructors';
import { dedupedRunId, freshRunId, sentRunId } from '../ids';
import { type SendTarget, describeSendTarget } from '../trigger-index';
import type { LatestDefinition, RunStarterPorts } from './start-ports';
import { type StartRefusal, backlogFull, invalidInput, unknownEnsemble } from './start-refusal';

export interface StartRequest {
  readonly ensemble: string;
  readonly input: unknown;
  readonly trigger: TriggerInfo;
  /**
   * Same key, same run (a webhook delivery id, an `Idempotency-Key`, a cron instant): the key is
   * claimed and the run id derived from it, so a delivery retried days later starts nothing new.
   */
  readonly dedupeKey?: string;
  /** A run id derived from its cause by the caller (`sentRunId`, …), when there is no key to claim. */
  readonly runId?: string;
  /** Start durably after this many milliseconds (a timer delivers the StartRun). */
  readonly delayMs?: number;
  readonly traceparent?: string;
}

export interface StartedRun {
  readonly runId: string;
  /** The dedupe key was claimed before: this is that delivery's run, nothing new started. */
  readonly duplicate: boolean;
  readonly ensemble: string;
  readonly revision: number;
}

export type StartOutcome =
  { readonly ok: true; readonly run: StartedRun } | { readonly ok: false; readonly refusal: StartRefusal };

/** A start checked and named, ready to be sent: nothing is claimed or published yet. */
export interface PreparedStart extends RequestedStart {
  readonly dedupeKey?: string;
}

export type PrepareOutcome =
  | { readonly ok: true; readonly start: PreparedStart }
  | { readonly ok: false; readonly refusal: StartRefusal };

/** The agent attempt that sends (a `storage` queue send, an `emit`): its runs are named after it. */
export interface SendingAttempt {
  readonly runId: string;
  readonly agent: string;
  /** `<runId>:<agent>:<iteration>`: a retried attempt sends the same run ids. */
  readonly idempotencyKey: string;
  readonly traceparent?: string;
}

export interface SendRequest {
  /** Start this ensemble… */
  readonly ensemble?: string;
  /** …or every ensemble listening on this queue or event. */
  readonly target?: SendTarget;
  readonly input: unknown;
  readonly trigger: TriggerInfo;
  readonly delayMs?: number;
}

export type SendOutcome =
  | { readonly ok: true; readonly runIds: readonly string[]; readonly starts: readonly RequestedStart[] }
  | { readonly ok: false; readonly refusal: StartRefusal };

export class RunStarter {
  constructor(private readonly ports: RunStarterPorts) {}

  async start(request: StartRequest): Promise<StartOutcome> {
    const prepared = await this.prepare(request);
    return prepared.ok ? this.admitAndSend(prepared.start) : prepared;
  }

  /**
   * The runs an agent sends: the named ensemble, or every ensemble listening on the target (found
   * in the trigger index), checked and named after the sending attempt, all or none. Nothing is
   * published here: the worker reports them with its result and the orchestrator starts them once
   * the result counts (workers publish results only).
   */
  async prepareSent(sender: SendingAttempt, request: SendRequest): Promise<SendOutcome> {
    const targets = await this.sendTargets(request);
    if (!Array.isArray(targets)) return { ok: false, refusal: targets };
    const starts: RequestedStart[] = [];
    for (const found of targets) {
      const outcome = this.prepareFor(found, {
        ensemble: found.definition.name,
        input: request.input,
        trigger: request.trigger,
        runId: sentRunId(sender.idempotencyKey, found.definition.name),
        ...(request.delayMs === undefined ? {} : { delayMs: request.delayMs }),
        ...(sender.traceparent === undefined ? {} : { traceparent: sender.traceparent }),
      });
      if (!outcome.ok) return outcome;
      starts.push(outcome.start);
    }
    return { ok: true, runIds: starts.map((start) => start.command.runId), starts };
  }

  private async sendTargets(request: SendRequest): Promise<LatestDefinition[] | StartRefusal> {
    if (request.ensemble !== undefined) {
      const found = await this.ports.definitions.latest(request.ensemble);
      return found ? [found] : unknownEnsemble(request.ensemble);
    }
    const target = request.target ?? { kind: 'queue', queue: '' };
    const listening = await this.ports.definitions.listeners(target);
    return listening.length > 0 ? listening : unknownEnsemble(describeSendTarget(target));
  }

  /** Finds the ensemble and checks the input, then names the run; refuses with a value. */
  async prepare(request: StartRequest): Promise<PrepareOutcome> {
    const found = await this.ports.definitions.latest(request.ensemble);
    if (!found) return { ok: false, refusal: unknownEnsemble(request.ensemble) };
    return this.prepareFor(found, request);
  }

  /** As `prepare`, for a definition already found (the listeners of a send). */
  prepareFor({ definition, revision }: LatestDefinition, request: StartRequest): PrepareOutcome {
    const schema = definition.inputSchema;
    const problems = schema ? this.ports.inputs.check(schema, request.input) : [];
    if (problems.length > 0) return { ok: false, refusal: invalidInput(definition.name, problems) };
    const now = this.ports.clock.now();
    const runId =
      request.dedupeKey !== undefined
        ? dedupedRunId(request.dedupeKey)
        : (request.runId ?? freshRunId(now.getTime(), this.ports.clock.randomBytes(16)));
    const delayed = request.delayMs !== undefined && request.delayMs > 0;
    const dueAt = delayed ? new Date(now.getTime() + (request.delayMs ?? 0)).toISOString() : undefined;
    const command = startRun({
      runId,
      // A delayed start is issued when it is due.
      at: dueAt ?? now.toISOString(),
      ensemble: definition.name,
      revision,
      input: request.input,
      trigger: request.trigger,
      traceparent: request.traceparent,
    });
    return {
      ok: true,
      start: {
        command,
        ...(request.dedupeKey === undefined ? {} : { dedupeKey: request.dedupeKey }),
        ...(dueAt === undefined ? {} : { dueAt }),
      },
    };
  }

  /**
   * Claims the key and publishes the start (or schedules it), resolving once both are durable.
   * When the admission rule refuses new starts, only a duplicate of a start already accepted
   * goes through (answered as before); anything new is refused and nothing is written.
   */
  async admitAndSend(start: PreparedStart): Promise<StartOutcome> {
    const refusal = this.ports.admission?.refusal();
    if (refusal === undefined) return { ok: true, run: await this.send(start) };
    const claimedFor =
      start.dedupeKey === undefined ? undefined : await this.ports.dedupe.find(start.dedupeKey);
    if (claimedFor === undefined) return { ok: false, refusal: backlogFull(refusal) };
    return { ok: true, run: await this.send(start) };
  }

  private async send({ command, dedupeKey, dueAt }: PreparedStart): Promise<StartedRun> {
    // Both are idempotent, so they go out together: the claim only tells whether this delivery was
    // seen before (the run id is the key's either way), and a repeated StartRun starts nothing.
    const [claim] = await Promise.all([
      dedupeKey === undefined ? undefined : this.ports.dedupe.claim(dedupeKey, command.runId),
      dueAt === undefined
        ? this.ports.inbox.send(command)
        : this.ports.timers.schedule(delayedStart(command, dueAt)),
    ]);
    return {
      runId: claim?.runId ?? command.runId,
      duplicate: claim?.duplicate ?? false,
      ensemble: command.ensemble,
      revision: command.revision,
    };
  }
}
