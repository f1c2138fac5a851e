/** W3C trace context travels in NATS headers under its HTTP name, so one run is one trace across services. */
export const TRACEPARENT_HEADER = 'traceparent';
