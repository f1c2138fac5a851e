/**
 * The `data` operation: `operation: query|execute`, `sql` with `?` placeholders, `params`.
 */
import type { OperationRequest } from '../operation';
import { invalidConfig, type TaskOutcome } from '../outcome';
import { dataTarget } from './data-target';
import { runSql, type SqlMode } from './sql-statement';

export async function runData(request: OperationRequest): Promise<TaskOutcome> {
  const { config } = request;
  const mode = config.operation ?? 'query';
  if (mode !== 'query' && mode !== 'execute')
    invalidConfig(`data operation must be query or execute, not ${JSON.stringify(mode)}`);
  return runSql(request, dataTarget(request), config.sql, config.params, mode as SqlMode);
}
