import { messageOf } from './error-message';
import { connectJetStream } from './jetstream-connection';
import type { ProvisionSettings } from '../settings/cli-settings';

export type ProvisionOutcome =
  | {
      readonly ok: true;
      readonly streams: readonly string[];
      readonly consumers: readonly string[];
      readonly partitions: number;
    }
  | { readonly ok: false; readonly message: string };

/**
 * Creates or reconciles every stream, bucket, object store and durable consumer of the Baton
 * layout on the NATS of `settings` (provision() of @baton/messaging, the one implementation), for
 * `baton provision` and for `baton start` before its services. Failures come back as the message
 * to print: unreachable, without JetStream, a user without the rights, another partition count.
 */
export async function provisionLayout(settings: ProvisionSettings): Promise<ProvisionOutcome> {
  const connection = await connectJetStream(settings.natsUrl);
  if (!connection.ok) return { ok: false, message: connection.message };
  try {
    const { durableConsumers, layoutStreamNames, provision } = await import('@baton/messaging');
    const layout = await provision(connection.nc, {
      partitions: settings.partitions,
      replicas: settings.replicas,
    });
    return {
      ok: true,
      streams: layoutStreamNames(layout),
      consumers: [...durableConsumers(layout).keys()],
      partitions: layout.partitions,
    };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  } finally {
    await connection.nc.close();
  }
}
