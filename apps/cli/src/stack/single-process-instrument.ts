// single-process-host.ts imports this first: tracing must run before the modules it instruments
// (http, undici, pg) are loaded. One SDK for the process; each hosted service's own instrument.ts
// then gets this handle.
import { startTelemetry } from '@baton/telemetry';
import { HOSTED_SERVICES, SINGLE_PROCESS_TRACING_NAME } from './hosted-services';

export const telemetry = startTelemetry({
  service: SINGLE_PROCESS_TRACING_NAME,
  hosts: HOSTED_SERVICES,
  env: process.env,
});
