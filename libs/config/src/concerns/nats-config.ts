import { DEFAULT_PARTITIONS, MAX_PARTITIONS } from '@baton/intake';
import { IsIntegerBetween, IsUrlWithScheme } from '../config-validators';
import { Sensitive } from '../config-metadata';

export class NatsConfig {
  /** NATS with JetStream; may carry credentials (`nats://user:pass@host:4222`). */
  @Sensitive()
  @IsUrlWithScheme(['nats', 'tls', 'ws', 'wss'])
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * Inbox partitions: fixed when the stack is provisioned; every service must use the same value
   * (a service with another one refuses to start, saying which).
   */
  @IsIntegerBetween(1, MAX_PARTITIONS)
  BATON_PARTITIONS = DEFAULT_PARTITIONS;
}
