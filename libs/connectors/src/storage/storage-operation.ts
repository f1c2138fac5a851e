/**
 * The `storage` operation, by `type`: `queue` sends start runs; `d1` and `postgres` run a data
 * query and answer `{ rows }`; `kv` is the key-value store of the `kv` operation and `object` the
 * artifact store of `blob`.
 */
import { runBlob } from '../blob/blob-operation';
import { dataTarget } from '../data/data-target';
import { runStorageKv } from '../kv/kv-operation';
import { runSql } from '../data/sql-statement';
import type { OperationRequest } from '../operation';
import { invalidConfig, succeeded, type TaskOutcome } from '../outcome';
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
      return runStorageKv(request);
    case 'object':
      return runBlob(request);
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
