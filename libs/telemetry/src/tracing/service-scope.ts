import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which Baton service the code running now belongs to, when one process hosts several
 * (`baton start --single-process`). Everything a service starts inside `runAsService` (its NATS
 * connection, pull loops, timers, HTTP calls) carries the name through async continuations, so its
 * spans can say which service made them while the process has one `service.name`.
 */
const scope = new AsyncLocalStorage<string>();

export function runAsService<T>(service: string, fn: () => T): T {
  return scope.run(service, fn);
}

/** The service of the current async context, if a host set one. */
export function currentService(): string | undefined {
  return scope.getStore();
}
