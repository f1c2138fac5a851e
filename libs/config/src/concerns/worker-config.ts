import { OPERATIONS, type Operation } from '@baton/model';
import { IsListOf } from '../config-validators';

export class WorkerConfig {
  /**
   * The operations this worker consumes (`worker-<group>` consumers), so each group scales alone:
   * `all` (the default) or a comma list such as `http,data`.
   */
  @IsListOf(OPERATIONS)
  WORKER_OPERATIONS: readonly Operation[] = [...OPERATIONS];
}
