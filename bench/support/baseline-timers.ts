/**
 * The timer bench's baseline: a plain Node process that holds every timer in a `setTimeout` and,
 * when it fires, publishes to JetStream as the scheduler does (nats.js `js.publish`, acknowledged).
 * Started by timers.bench.ts with the same due times the scheduler gets; prints `scheduled` once
 * every timer is set and exits once every publish was acknowledged.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { dueTimes } from './timer-schedule';

async function main(): Promise<void> {
  const nc = await connect({ servers: process.env['NATS_URL'], name: 'bench-baseline-timers' });
  const js = jetstream(nc);
  const prefix = process.env['BENCH_SUBJECT_PREFIX'] ?? 'bench.due.baseline';
  const due = dueTimes(
    Number(process.env['BENCH_START']),
    Number(process.env['BENCH_COUNT']),
    Number(process.env['BENCH_SPREAD_MS']),
  );
  const fired = due.map(
    (dueAt, i) =>
      new Promise<void>((resolve, reject) => {
        setTimeout(
          () =>
            js
              .publish(`${prefix}.${i}`, String(dueAt), { msgID: `${prefix}.${i}` })
              .then(() => resolve(), reject),
          dueAt - Date.now(),
        );
      }),
  );
  process.stdout.write('scheduled\n');
  await Promise.all(fired);
  await nc.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
