/**
 * What `baton start --single-process` runs in its one services process: every service but ingress
 * (interfaces.md), by the name it has in the stack. Kept free of imports: the host's tracing starts
 * from it before any instrumented module is loaded.
 */
export const HOSTED_SERVICES = ['orchestrator', 'worker', 'scheduler', 'projector', 'notifier'] as const;

/** The name of that process in `start`'s output, its log lines and its metrics. */
export const SERVICES_PROCESS = 'services';

/** `service.name` of its spans; each span's `baton.service` says which service made it. */
export const SINGLE_PROCESS_TRACING_NAME = 'baton';
