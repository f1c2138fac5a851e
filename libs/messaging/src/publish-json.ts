import type { JetStreamClient, PubAck, StreamExpectations } from '@nats-io/jetstream';
import { encodeJson } from './json-payload';
import { traceHeaders } from './trace-headers';

export interface JsonPublish {
  /** `Nats-Msg-Id`: JetStream drops a second message with the same id within the stream's duplicate window. */
  readonly msgID: string;
  readonly traceparent?: string;
  readonly expect?: Partial<StreamExpectations>;
}

/** The one way this library writes to a stream: JSON body, dedupe id, trace header; resolves once JetStream stored it. */
export function publishJson(
  js: JetStreamClient,
  subject: string,
  value: unknown,
  options: JsonPublish,
): Promise<PubAck> {
  return publishEncoded(js, subject, encodeJson(value), options);
}

/** As publishJson, for a caller that keeps the encoded bytes (the event log compares them with a duplicate). */
export function publishEncoded(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  options: JsonPublish,
): Promise<PubAck> {
  const headers = traceHeaders(options.traceparent);
  return js.publish(subject, data, {
    msgID: options.msgID,
    ...(headers === undefined ? {} : { headers }),
    ...(options.expect === undefined ? {} : { expect: options.expect }),
  });
}
