import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { currentService } from './service-scope';

/** The span attribute naming the Baton service that made a span (the same in both deployments). */
export const SERVICE_ATTRIBUTE = 'baton.service';

/**
 * Sets `baton.service` on every span as it starts: the service of the current async context
 * (`runAsService`, in a process hosting several), else the process's own service.
 */
export class ServiceAttributeProcessor implements SpanProcessor {
  constructor(private readonly processService: string) {}

  onStart(span: Span, _parentContext: Context): void {
    span.setAttribute(SERVICE_ATTRIBUTE, currentService() ?? this.processService);
  }

  onEnd(_span: ReadableSpan): void {
    // Nothing to do once a span ends: the attribute was set when it started.
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
