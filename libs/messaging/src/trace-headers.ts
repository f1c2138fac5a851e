import { headers } from '@nats-io/nats-core';
import type { MsgHdrs } from '@nats-io/nats-core';

/** W3C trace context travels in NATS headers under its HTTP name, so one run is one trace across services. */
export const TRACEPARENT_HEADER = 'traceparent';

/** Headers for a publish: the traceparent when there is one, nothing otherwise. */
export function traceHeaders(traceparent: string | undefined): MsgHdrs | undefined {
  if (traceparent === undefined || traceparent === '') return undefined;
  const h = headers();
  h.set(TRACEPARENT_HEADER, traceparent);
  return h;
}
