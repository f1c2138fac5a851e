import { Injectable } from '@nestjs/common';
import { parse as uuidParse, v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { StartRun, TriggerInfo } from '@baton/engine';
import { DedupeStore, JetStreamInbox } from '@baton/messaging';
import { EnsembleRegistry } from '../ensembles/ensemble-registry';
import { assertValidInput } from './input-schema';

/** Namespace of run ids derived from a delivery's dedupe key (as bytes: uuid parses a string one each call). */
const DELIVERY_NAMESPACE = uuidParse('6f1c9b1e-7d1a-4f5e-9a8e-2b0c4d3e5f60');

export interface StartRequest {
  readonly ensemble: string;
  readonly input: unknown;
  readonly trigger: TriggerInfo;
  /** Same key, same run: a delivery retried days later starts nothing new. */
  readonly dedupeKey?: string;
  readonly traceparent?: string;
}

export interface StartedRun {
  readonly runId: string;
  readonly duplicate: boolean;
  readonly ensemble: string;
  readonly revision: number;
}

/**
 * The one way a run is started from outside (webhooks, the API, reruns): checks the input, claims
 * the dedupe key, and answers only once JetStream has acknowledged the StartRun.
 *
 * Exactly one run per delivery: the run id of a deduped delivery is derived from its key, and a
 * duplicate sends the same StartRun again (the engine ignores a second start of an existing run), so
 * a crash between the claim and the publish cannot lose the run.
 */
@Injectable()
export class RunStarter {
  constructor(
    private readonly registry: EnsembleRegistry,
    private readonly inbox: JetStreamInbox,
    private readonly dedupe: DedupeStore,
  ) {}

  async start(request: StartRequest): Promise<StartedRun> {
    const { definition, revision } = await this.registry.latest(request.ensemble);
    assertValidInput(definition, request.input);
    const runId = request.dedupeKey
      ? uuidv5(Buffer.from(request.dedupeKey, 'utf8'), DELIVERY_NAMESPACE)
      : uuidv7();
    const command: StartRun = {
      type: 'StartRun',
      runId,
      commandId: `start:${runId}`,
      at: new Date().toISOString(),
      ensemble: definition.name,
      revision,
      input: request.input,
      trigger: request.trigger,
      ...(request.traceparent ? { traceparent: request.traceparent } : {}),
    };
    // Both are idempotent, so they go out together: the claim only tells whether this delivery was
    // seen before (the run id is the key's either way), and a repeated StartRun starts nothing.
    const [claim] = await Promise.all([
      request.dedupeKey ? this.dedupe.claim(request.dedupeKey, runId) : undefined,
      this.inbox.send(command),
    ]);
    const duplicate = claim?.duplicate ?? false;
    return { runId, duplicate, ensemble: definition.name, revision };
  }
}
