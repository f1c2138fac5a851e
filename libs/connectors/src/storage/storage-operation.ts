/**
 * The `storage` operation, by `type`: `queue` sends start runs; `d1` and `postgres` run a data
 * query and answer `{ rows }`; `kv` and `object` are not available in this worker yet.
 */
import { dataTarget } from '../data/data-target';
import { runSql } from '../data/sql-statement';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, succeeded, type TaskOutcome } from '../outcome';
import { sendToQueue } from './queue-send';

export async function runStorage(request: OperationRequest): Promise<TaskOutcome> {
  const type = request.config.type;
  switch (type) {
    case 'queue':
      return sendToQueue(request);
    case 'd1':
    case 'postgres':
      return storageQuery(request);
    case 'kv':
    case 'object':
      return failed('unsupported-operation', `storage type '${type}' is not available in this worker yet`, {
        retryable: false,
      });
    default:
      return invalidConfig(
        `storage type must be queue, kv, object, d1 or postgres, not ${JSON.stringify(type)}`,
      );
  }
}

async function storageQuery(request: OperationRequest): Promise<TaskOutcome> {
  const { config } = request;
  const outcome = await runSql(
    request,
    dataTarget(request),
    config.query ?? config.sql,
    config.params,
    'query',
  );
  return outcome.ok ? succeeded({ rows: outcome.output }) : outcome;
}
