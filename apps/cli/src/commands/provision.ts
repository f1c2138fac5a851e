import { EXIT, type Command } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { provisionLayout } from '../infrastructure/provision-layout';
import { urlWithoutCredentials } from '../infrastructure/service-address';
import { provisionSettings } from '../settings/cli-settings';
import { commandLineMistake } from '../usage';

export const provisionCommand: Command = {
  name: 'provision',
  synopses: ['provision [--json]'],
  summary: 'create streams, buckets and consumers with the admin user',
  details: `Connects to $NATS_URL (default nats://127.0.0.1:4222) as the user it names and creates, or
reconciles to the layout's settings, every stream, key-value bucket, the object store and every
durable consumer Baton uses. Idempotent: run it before the services start and after each upgrade
(baton start, the compose service \`provision\` and the Kubernetes Job baton-provision do).

The services' own NATS users may not create, update, delete or purge streams and consumers
(deploy/nats/nats.conf); this verb needs a user that may, the \`provision\` user of that file. The
services then run with BATON_PROVISION=off and only check that the layout is there.

Reads BATON_PARTITIONS (inbox partitions, fixed when a stack is first provisioned: another count is
refused) and JETSTREAM_REPLICAS (copies of each stream: 3 on a three-node cluster).

Options:
  --json   print { streams, consumers, partitions } instead

Exit status: 0 provisioned, 1 NATS unreachable, without JetStream, the user lacks the rights or
the stack has another partition count, 2 wrong command line or settings.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return commandLineMistake(io, provisionCommand, parsed.message);
    if (parsed.positionals.length > 0)
      return commandLineMistake(io, provisionCommand, `unexpected argument '${parsed.positionals[0]}'`);
    const settings = await provisionSettings(io.env);
    if (!settings.ok) return commandLineMistake(io, provisionCommand, settings.message);
    const outcome = await provisionLayout(settings.value);
    if (!outcome.ok) {
      io.stderr.write(`baton provision: ${outcome.message}\n`);
      return EXIT.failed;
    }
    const { streams, consumers, partitions } = outcome;
    io.stdout.write(
      parsed.values.json
        ? `${JSON.stringify({ streams, consumers, partitions }, null, 2)}\n`
        : `Provisioned ${urlWithoutCredentials(settings.value.natsUrl)}: ${streams.length} streams and buckets ` +
            `(${streams.join(', ')}), ${consumers.length} durable consumers, ${partitions} inbox partitions.\n`,
    );
    return EXIT.ok;
  },
};
