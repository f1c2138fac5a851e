import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';
import { TRACEPARENT_HEADER } from './trace-headers';

type JetStreamContextArgs = [msg: JsMsg, consumer: string];

/** What a `@EventPattern('<consumer>')` handler gets besides the decoded payload: the JetStream message around it. */
export class JetStreamContext extends BaseRpcContext<JetStreamContextArgs> {
  getMessage(): JsMsg {
    return this.args[0];
  }

  /** The durable consumer that delivered the message (the handler's pattern). */
  getConsumer(): string {
    return this.args[1];
  }

  getSubject(): string {
    return this.args[0].subject;
  }

  getHeaders(): MsgHdrs | undefined {
    return this.args[0].headers;
  }

  getHeader(name: string): string | undefined {
    const value = this.args[0].headers?.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  /** W3C trace context of the publisher, when tracing is on. */
  getTraceparent(): string | undefined {
    return this.getHeader(TRACEPARENT_HEADER);
  }

  /** 0 on the first delivery; more after a failed handler, a timed-out ack or a crashed process. */
  getRedeliveryCount(): number {
    return this.args[0].info.deliveryCount - 1;
  }
}
