import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { SERVICE_ATTRIBUTE, ServiceAttributeProcessor } from './service-attribute';
import { runAsService } from './service-scope';

describe('ServiceAttributeProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new ServiceAttributeProcessor('baton'), new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('service-attribute-spec');

  afterAll(() => provider.shutdown());

  it('names the service whose async context started the span, through later continuations', async () => {
    const started = (name: string) => tracer.startSpan(name).end();
    await Promise.all([
      runAsService('orchestrator', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        started('decide');
      }),
      runAsService('worker', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        started('task');
      }),
    ]);
    started('outside');

    const attributeOf = (name: string) =>
      exporter.getFinishedSpans().find((span) => span.name === name)?.attributes[SERVICE_ATTRIBUTE];
    expect(attributeOf('decide')).toBe('orchestrator');
    expect(attributeOf('task')).toBe('worker');
    expect(attributeOf('outside')).toBe('baton');
  });
});
