import type { ConsumerServiceOptions } from './start-consumer-service';

/**
 * Each service's `main.ts` is the one definition of that service: it calls `runConsumerService`
 * with its options when loaded. A process hosting several services (`baton start
 * --single-process`) loads those same files inside `captureConsumerServices`, which collects the
 * options instead of starting a process-owning service, so the host runs exactly what each process
 * would, with nothing copied. Loading is synchronous (`require`), so the collection is bounded by
 * the call.
 */
let collecting: ConsumerServiceOptions[] | undefined;

export function captureConsumerServices(load: () => void): ConsumerServiceOptions[] {
  if (collecting !== undefined) throw new Error('already collecting service definitions');
  const definitions: ConsumerServiceOptions[] = [];
  collecting = definitions;
  try {
    load();
  } finally {
    collecting = undefined;
  }
  return definitions;
}

/** Records `options` when a host is collecting definitions; false otherwise. */
export function captured(options: ConsumerServiceOptions): boolean {
  if (collecting === undefined) return false;
  collecting.push(options);
  return true;
}
