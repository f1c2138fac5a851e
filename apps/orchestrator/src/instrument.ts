// main.ts imports this first: tracing must run before the modules it instruments (http, undici,
// pg) are loaded and used. The service's configuration check reports a malformed endpoint.
import { startTelemetry } from '@baton/telemetry';

startTelemetry({ service: 'orchestrator', env: process.env });
