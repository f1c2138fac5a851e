import { DEFAULT_PARTITIONS, MAX_PARTITIONS } from '@baton/intake';
import { IsIntegerBetween, IsOneOf, IsUrlListWithScheme } from '../config-validators';
import { Sensitive } from '../config-metadata';

export class NatsConfig {
  /**
   * NATS with JetStream; may carry credentials (`nats://user:pass@host:4222`). A cluster: its
   * servers separated by commas (`nats://u:p@n1:4222,nats://u:p@n2:4222,nats://u:p@n3:4222`).
   */
  @Sensitive()
  @IsUrlListWithScheme(['nats', 'tls', 'ws', 'wss'])
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * Copies JetStream keeps of every stream, bucket and durable consumer Baton provisions: 1 on a
   * single server, 3 on a three-node cluster (each write is then acknowledged by a majority).
   */
  @IsIntegerBetween(1, 5)
  JETSTREAM_REPLICAS = 1;

  /**
   * Inbox partitions: fixed when the stack is provisioned; every service must use the same value
   * (a service with another one refuses to start, saying which).
   */
  @IsIntegerBetween(1, MAX_PARTITIONS)
  BATON_PARTITIONS = DEFAULT_PARTITIONS;

  /**
   * What a service does with the NATS layout when it starts: `auto` creates or reconciles every
   * stream, bucket and consumer (local use: its user may); `off` only checks they exist and refuses
   * to start, naming `baton provision`, when they do not (deployments, whose service users may not
   * create, update or delete streams and consumers; `baton provision` runs first with its own user).
   */
  @IsOneOf(['auto', 'off'])
  BATON_PROVISION: 'auto' | 'off' = 'auto';
}
