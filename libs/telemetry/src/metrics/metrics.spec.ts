import { Metrics } from './metrics';

describe('Metrics', () => {
  it('exposes a registered counter in the Prometheus text, labelled with the service', async () => {
    const metrics = new Metrics({ service: 'worker', defaultMetrics: false });
    metrics.counter('baton_steps_total', 'Step attempts by outcome', ['operation', 'outcome']).inc({
      operation: 'http',
      outcome: 'succeeded',
    });
    const text = await metrics.text();
    expect(text).toContain('# HELP baton_steps_total Step attempts by outcome');
    expect(text).toContain('# TYPE baton_steps_total counter');
    expect(text).toMatch(/baton_steps_total\{operation="http",outcome="succeeded",service="worker"\} 1/);
  });

  it('returns the same counter for the same name, so modules can share it', async () => {
    const metrics = new Metrics({ service: 'worker', defaultMetrics: false });
    metrics.counter('baton_runs_started_total', 'Runs started').inc();
    metrics.counter('baton_runs_started_total', 'Runs started').inc();
    expect(await metrics.text()).toMatch(/baton_runs_started_total\{service="worker"\} 2/);
  });

  it('refuses to reuse a name for another kind of metric', () => {
    const metrics = new Metrics({ service: 'worker', defaultMetrics: false });
    metrics.counter('baton_duration', 'x');
    expect(() => metrics.histogram('baton_duration', 'x')).toThrow('already registered with another type');
  });

  it('records histogram observations into the given buckets', async () => {
    const metrics = new Metrics({ service: 'ingress', defaultMetrics: false });
    metrics
      .histogram('baton_request_seconds', 'Request time', ['route'], [0.1, 1])
      .observe({ route: 'webhook' }, 0.5);
    const text = await metrics.text();
    expect(text).toMatch(/baton_request_seconds_bucket\{le="0.1",service="ingress",route="webhook"\} 0/);
    expect(text).toMatch(/baton_request_seconds_bucket\{le="1",service="ingress",route="webhook"\} 1/);
  });

  it('exposes a gauge, whose values a collect function may set at each scrape', async () => {
    const metrics = new Metrics({ service: 'projector', defaultMetrics: false });
    let backlog = 3;
    metrics.gauge('baton_backlog_messages', 'Messages waiting', ['consumer'], async (gauge) => {
      gauge.set({ consumer: 'projector' }, await Promise.resolve(backlog));
    });
    expect(await metrics.text()).toMatch(
      /baton_backlog_messages\{consumer="projector",service="projector"\} 3/,
    );
    backlog = 0;
    expect(await metrics.text()).toMatch(
      /baton_backlog_messages\{consumer="projector",service="projector"\} 0/,
    );
  });

  it('collects the default process metrics unless told not to', async () => {
    expect(await new Metrics({ service: 'a' }).text()).toContain('process_cpu_user_seconds_total');
    expect(await new Metrics({ service: 'b', defaultMetrics: false }).text()).not.toContain('process_cpu');
  });

  it('keeps two instances apart', async () => {
    const first = new Metrics({ service: 'a', defaultMetrics: false });
    const second = new Metrics({ service: 'b', defaultMetrics: false });
    first.counter('only_in_first_total', 'x').inc();
    expect(await second.text()).not.toContain('only_in_first_total');
  });
});
