import { IsOptional } from 'class-validator';
import { Sensitive } from '../config-metadata';
import { IsIntegerBetween, IsListenAddress, IsNonEmptyString } from '../config-validators';

const ONE_MIB = 1024 * 1024;
const ONE_GIB = 1024 * ONE_MIB;

export class IngressConfig {
  /** Listen address; beyond loopback (`0.0.0.0`, `::`, a LAN address) only with intent (interfaces.md). */
  @IsListenAddress()
  HOST = '127.0.0.1';

  @IsIntegerBetween(1, 65535)
  INGRESS_PORT = 8080;

  /** Largest request body accepted (413 above it); capped at 1 GiB since bodies are buffered. */
  @IsIntegerBetween(1, ONE_GIB)
  MAX_BODY_BYTES = ONE_MIB;

  /** Bearer key for `/api/*`; unset: the API answers on loopback only. */
  @Sensitive()
  @IsOptional()
  @IsNonEmptyString()
  BATON_API_KEY?: string;

  /**
   * Runs waiting to start (StartRuns the orchestrators have not taken yet) past which new webhook
   * and API starts are answered 503 with `Retry-After`; duplicates of accepted deliveries still pass.
   */
  @IsIntegerBetween(1, 10_000_000)
  BATON_MAX_START_BACKLOG = 10_000;

  /** Secret of `/webhooks/generic`; unset: that endpoint refuses every delivery. */
  @Sensitive()
  @IsOptional()
  @IsNonEmptyString()
  WEBHOOK_SECRET?: string;
}
