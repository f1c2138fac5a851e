import { EXIT, type Command } from '../command';
import { parseCommandArguments } from '../command-arguments';
import { connectJetStream } from '../infrastructure/jetstream-connection';
import { urlWithoutCredentials } from '../infrastructure/service-address';
import { formatNatsState } from '../streams/nats-state-report';
import { readNatsState } from '../streams/nats-state';
import { natsUrlSetting } from '../settings/cli-settings';
import { commandLineMistake } from '../usage';

export const streamsCommand: Command = {
  name: 'streams',
  synopses: ['streams [--json]'],
  summary: 'show the NATS streams, consumers and buckets',
  details: `Connects to $NATS_URL (default nats://127.0.0.1:4222) and prints every BATON_* stream (messages,
bytes, first and last sequence, consumers), every durable consumer (pending, ack pending,
redelivered, waiting pull requests) and the key-value buckets and object store.

Options:
  --json   print { streams, buckets } instead

Exit status: 0 shown, 1 NATS unreachable or without JetStream, 2 wrong command line.`,
  available: true,
  async run(args, io) {
    const parsed = parseCommandArguments(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return commandLineMistake(io, streamsCommand, parsed.message);
    if (parsed.positionals.length > 0)
      return commandLineMistake(io, streamsCommand, `unexpected argument '${parsed.positionals[0]}'`);

    const setting = await natsUrlSetting(io.env);
    if (!setting.ok) return commandLineMistake(io, streamsCommand, setting.message);
    const url = setting.value;
    const connection = await connectJetStream(url);
    if (!connection.ok) {
      io.stderr.write(`baton streams: ${connection.message}\n`);
      return EXIT.failed;
    }
    try {
      const { natsLayout } = await import('@baton/messaging');
      const state = await readNatsState(connection.jsm, natsLayout());
      io.stdout.write(
        parsed.values.json
          ? `${JSON.stringify(state, null, 2)}\n`
          : formatNatsState(state, urlWithoutCredentials(url)),
      );
      return EXIT.ok;
    } finally {
      await connection.nc.close();
    }
  },
};
