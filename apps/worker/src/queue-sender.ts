import {
  type RequestedStart,
  type RunStarter,
  type SendTarget,
  type SendingAttempt,
  type StartRefusal,
  type TriggerInfo,
  sendTargetOfQueue,
} from '@baton/intake';
import { RunInputRejectedError, UnknownEnsembleError, type StartRunRequest } from '@baton/connectors';
import { traceparentOf, withNewTrace } from '@baton/telemetry';

/**
 * The worker's `startRun` port (`storage` queue sends and `emit`): the named ensemble, every
 * ensemble with a `queue` trigger on the queue, or every ensemble whose `event` trigger matches the
 * event (an `emit`, or a queue send to `event:NAME`), checked and named by the RunStarter. Nothing
 * is published here: the starts go to `collect`, the task runner reports them with the attempt's
 * result, and the orchestrator starts them once the result counts (workers publish results only).
 * A retried attempt names the same runs (after its idempotency key), so a send is never doubled. A
 * refusal becomes the error the connectors understand. The runs of a send start a trace of their
 * own, linked to the sending attempt's span (not a child of it: a queue decouples them).
 */
export class QueueSender {
  constructor(private readonly starter: Pick<RunStarter, 'prepareSent'>) {}

  async send(
    sender: SendingAttempt,
    request: StartRunRequest,
    collect: (starts: readonly RequestedStart[]) => void,
  ): Promise<{ runIds: string[] }> {
    const target = sendTargetOf(request);
    const trigger = triggerOf(request, target, { runId: sender.runId, agent: sender.agent });
    const name = request.ensemble ?? request.event ?? request.queue ?? 'queue';
    const attributes = { 'baton.trigger': trigger.type, 'baton.send_target': name };
    const outcome = await withNewTrace(`send ${name}`, attributes, () => {
      const traceparent = traceparentOf();
      return this.starter.prepareSent(
        { ...sender, ...(traceparent === undefined ? {} : { traceparent }) },
        {
          ...(target === undefined ? { ensemble: request.ensemble } : { target }),
          input: request.input,
          trigger,
          ...(request.delayMs === undefined ? {} : { delayMs: request.delayMs }),
        },
      );
    });
    if (!outcome.ok) throw refusalError(outcome.refusal);
    collect(outcome.starts);
    return { runIds: [...outcome.runIds] };
  }
}

/** Undefined when the request names its ensemble. */
function sendTargetOf(request: StartRunRequest): SendTarget | undefined {
  if (request.ensemble !== undefined) return undefined;
  if (request.event !== undefined) return { kind: 'event', event: request.event };
  return sendTargetOfQueue(request.queue ?? '');
}

/** What the started run's `execution.trigger` says: an event start names its event, a queue send its queue. */
function triggerOf(
  request: StartRunRequest,
  target: SendTarget | undefined,
  from: { runId: string; agent: string },
): TriggerInfo {
  if (target?.kind === 'event') {
    return {
      type: 'event',
      event: target.event,
      ...(request.queue === undefined ? {} : { queue: request.queue }),
      from,
    };
  }
  return { type: 'queue', queue: request.queue ?? null, from };
}

function refusalError(refusal: StartRefusal): Error {
  switch (refusal.code) {
    case 'unknown-ensemble':
      return new UnknownEnsembleError(refusal.ensemble);
    case 'invalid-input':
      return new RunInputRejectedError(refusal.message);
    case 'backlog-full':
      // Sends are never refused for the backlog (runs in flight go on); should one be, it is retried.
      return new Error(refusal.message);
  }
}
