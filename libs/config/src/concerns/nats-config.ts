import { IsUrlWithScheme } from '../config-validators';
import { Sensitive } from '../config-metadata';

export class NatsConfig {
  /** NATS with JetStream; may carry credentials (`nats://user:pass@host:4222`). */
  @Sensitive()
  @IsUrlWithScheme(['nats', 'tls', 'ws', 'wss'])
  NATS_URL = 'nats://127.0.0.1:4222';
}
