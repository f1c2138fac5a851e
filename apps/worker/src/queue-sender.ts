import { type RunStarter, type SendingAttempt, type StartRefusal, sendTargetOfQueue } from '@baton/intake';
import { RunInputRejectedError, UnknownEnsembleError, type StartRunRequest } from '@baton/connectors';
import { traceparentOf, withNewTrace } from '@baton/telemetry';

/**
 * The worker's `startRun` port (`storage` queue sends): the named ensemble, or every ensemble with
 * a `queue` trigger on the queue (`event:NAME` reaches `event` triggers), through the RunStarter.
 * A retried attempt sends the same run ids (named after its idempotency key), so a send is never
 * doubled. A refusal becomes the error the connectors understand. The runs of a send start a trace of
 * their own, linked to the sending attempt's span (not a child of it: a queue decouples them).
 */
export class QueueSender {
  constructor(private readonly starter: RunStarter) {}

  async send(sender: SendingAttempt, request: StartRunRequest): Promise<{ runIds: string[] }> {
    const name = request.ensemble ?? request.queue ?? 'queue';
    const attributes = { 'baton.trigger': 'queue', 'baton.send_target': name };
    const outcome = await withNewTrace(`send ${name}`, attributes, () => {
      const traceparent = traceparentOf();
      return this.starter.startSent(
        { ...sender, ...(traceparent === undefined ? {} : { traceparent }) },
        {
          ...(request.ensemble !== undefined
            ? { ensemble: request.ensemble }
            : { target: sendTargetOfQueue(request.queue ?? '') }),
          input: request.input,
          trigger: {
            type: 'queue',
            queue: request.queue ?? null,
            from: { runId: sender.runId, agent: sender.agent },
          },
          ...(request.delayMs === undefined ? {} : { delayMs: request.delayMs }),
        },
      );
    });
    if (!outcome.ok) throw refusalError(outcome.refusal);
    return { runIds: [...outcome.runIds] };
  }
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
