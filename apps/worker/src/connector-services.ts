/**
 * What the worker creates once for the newer operations and shares between tasks: the outbound
 * guard (BATON_ALLOW_HOSTS and NOTIFY_ALLOW_HOSTS, read once), the `kv` store
 * with its TTL sweeper, the `blob` artifact store, pooled SMTP connections, and the signer of the
 * approval links of wait notices (on BATON_PUBLIC_URL, with the installation's approval key).
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { loadConfig, OutboundConfig } from '@baton/config';
import { SmtpTransports, type ApprovalLinkRequest, type ConnectorServices } from '@baton/connectors';
import { approvalLinkUrls } from '@baton/signatures';
import { AgentKvStore, ArtifactStore } from '@baton/messaging';
import { outboundFromEnv, type Outbound } from '@baton/outbound';
import type { Logger } from '@baton/telemetry';

export class WorkerConnectorServices implements ConnectorServices {
  readonly outbound: Outbound;
  readonly kv: AgentKvStore;
  readonly blobs: ArtifactStore;
  readonly smtp = new SmtpTransports();
  readonly approvalLinks?: ConnectorServices['approvalLinks'];

  constructor(
    nc: NatsConnection,
    env: Readonly<Record<string, string | undefined>>,
    logger: Logger,
    /** BATON_PUBLIC_URL and the approval key that signs (none: notices carry no links). */
    links?: { readonly publicUrl: string; readonly key: string },
  ) {
    if (links !== undefined) {
      this.approvalLinks = (request: ApprovalLinkRequest) =>
        approvalLinkUrls({ ...request, publicUrl: links.publicUrl, key: links.key, now: Date.now() });
    }
    // validated like every other variable: a malformed entry stops the worker at start, named
    this.outbound = outboundFromEnv(loadConfig(OutboundConfig, env));
    this.kv = new AgentKvStore(nc, {
      onSweepError: (error) =>
        logger.warn({ err: error }, 'sweeping expired kv entries failed; the next sweep retries'),
    });
    this.kv.startSweeper();
    this.blobs = new ArtifactStore(nc);
  }

  async close(): Promise<void> {
    this.kv.stopSweeper();
    await Promise.all([this.outbound.close(), this.smtp.close()]);
  }
}
