/**
 * `storage` `type: queue, action: send`: starts a run of `body.ensemble`, or of the ensembles with a
 * `queue` trigger on `queue`, durably and after `body.delay` ms, through the worker's `startRun`
 * port (which publishes StartRun commands). Output: `{ runIds }`.
 */
import { parseDuration } from '@baton/model';
import type { StartRunRequest } from '../connector-deps';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, messageOf, succeeded, type TaskOutcome } from '../outcome';

export async function sendToQueue(request: OperationRequest): Promise<TaskOutcome> {
  const { config, deps } = request;
  const action = config.action ?? 'send';
  if (action !== 'send') invalidConfig(`storage queue action must be send, not ${JSON.stringify(action)}`);
  if (deps.startRun === undefined) {
    return failed(
      'unsupported-operation',
      'storage queue sends are not available in this worker (no startRun port)',
      { retryable: false },
    );
  }
  const startRequest = startRunRequest(config);
  try {
    const { runIds } = await deps.startRun(startRequest);
    return succeeded({ runIds });
  } catch (error) {
    if (isUnknownEnsemble(error)) {
      const target =
        startRequest.ensemble === undefined
          ? `queue '${startRequest.queue}'`
          : `ensemble '${startRequest.ensemble}'`;
      return failed(
        'unknown-ensemble',
        `cannot start a run: ${target} does not exist (${messageOf(error)})`,
        { retryable: false },
      );
    }
    if ((error as { code?: unknown })?.code === 'invalid-input') {
      // Sending it again would be refused again.
      return failed('invalid-input', `cannot start a run: ${messageOf(error)}`, { retryable: false });
    }
    return failed('queue-send-failed', `starting a run failed: ${messageOf(error)}`, { retryable: true });
  }
}

function startRunRequest(config: OperationRequest['config']): StartRunRequest {
  const body = config.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalidConfig('storage queue send needs body: { ensemble?, input, delay? }');
  }
  const { ensemble, input, delay } = body as Record<string, unknown>;
  const queue = config.queue;
  if (ensemble !== undefined && typeof ensemble !== 'string')
    invalidConfig('body.ensemble must be an ensemble name');
  if (queue !== undefined && typeof queue !== 'string') invalidConfig('queue must be a queue name');
  if (ensemble === undefined && queue === undefined)
    invalidConfig('storage queue send needs body.ensemble or queue');
  const delayMs = delay === undefined || delay === null ? undefined : parseDuration(delay);
  if (delay !== undefined && delay !== null && delayMs === undefined)
    invalidConfig(`body.delay must be milliseconds, not ${JSON.stringify(delay)}`);
  return {
    ...(ensemble === undefined ? {} : { ensemble }),
    ...(queue === undefined ? {} : { queue }),
    input: input ?? {},
    ...(delayMs === undefined ? {} : { delayMs }),
  };
}

/** The port's NotFound: our UnknownEnsembleError, or any error that says not-found the usual ways. */
function isUnknownEnsemble(error: unknown): boolean {
  const { code, status, name } = (error ?? {}) as { code?: unknown; status?: unknown; name?: unknown };
  return (
    code === 'unknown-ensemble' ||
    code === 'not-found' ||
    code === 'NOT_FOUND' ||
    status === 404 ||
    name === 'NotFoundError'
  );
}
