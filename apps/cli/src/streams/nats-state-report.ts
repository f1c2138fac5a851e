import { formatTable } from '../formatting/text-table';
import type { NatsState } from './nats-state';

const MISSING = 'missing: no Baton service has started against this server yet';

/** The text of `baton streams`: streams, their consumers, then the buckets, as three tables. */
export function formatNatsState(state: NatsState, where: string): string {
  const streams = formatTable(
    ['STREAM', 'MESSAGES', 'BYTES', 'FIRST SEQ', 'LAST SEQ', 'CONSUMERS'],
    state.streams.map((stream) =>
      stream.exists
        ? [
            stream.name,
            count(stream.messages),
            bytes(stream.bytes),
            String(stream.firstSeq),
            String(stream.lastSeq),
            String(stream.consumerCount),
          ]
        : [stream.name, MISSING],
    ),
  );
  const consumerRows = state.streams.flatMap((stream) =>
    stream.consumers.map((consumer) => [
      stream.name,
      consumer.name,
      count(consumer.pending),
      count(consumer.ackPending),
      count(consumer.redelivered),
      count(consumer.waiting),
    ]),
  );
  const consumers =
    consumerRows.length === 0
      ? 'no consumers\n'
      : formatTable(['STREAM', 'CONSUMER', 'PENDING', 'ACK PENDING', 'REDELIVERED', 'WAITING'], consumerRows);
  const buckets = formatTable(
    ['BUCKET', 'KIND', 'VALUES', 'BYTES'],
    state.buckets.map((bucket) =>
      bucket.exists
        ? [bucket.name, bucket.kind, count(bucket.values), bytes(bucket.bytes)]
        : [bucket.name, bucket.kind, MISSING],
    ),
  );
  return `NATS at ${where}\n\n${streams}\n${consumers}\n${buckets}`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `512 B`, `1.5 KiB`, `12 MiB`: binary units, one decimal under ten. */
export function bytes(value: number): string {
  let unit = 0;
  let scaled = value;
  while (scaled >= 1024 && unit < UNITS.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || scaled >= 10 ? String(Math.round(scaled)) : scaled.toFixed(1);
  return `${shown} ${UNITS[unit]}`;
}
