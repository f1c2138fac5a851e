import { Metrics } from './metrics';
import { MergedExposition, mergeExpositions } from './merged-exposition';

describe('MergedExposition', () => {
  it('writes each family once, with the series of every service', async () => {
    const orchestrator = new Metrics({ service: 'orchestrator', defaultMetrics: false });
    const worker = new Metrics({ service: 'worker', defaultMetrics: false });
    orchestrator.counter('baton_messages_handled_total', 'handled', ['consumer']).inc({ consumer: 'inbox' });
    worker
      .counter('baton_messages_handled_total', 'handled', ['consumer'])
      .inc({ consumer: 'worker-code' }, 2);
    worker.histogram('baton_task_seconds', 'task time', [], [1]).observe(0.5);

    const text = await new MergedExposition([orchestrator.registry, worker.registry]).metrics();

    expect(text.match(/^# TYPE baton_messages_handled_total counter$/gm)).toHaveLength(1);
    expect(text.match(/^# HELP baton_messages_handled_total handled$/gm)).toHaveLength(1);
    expect(text).toContain('baton_messages_handled_total{consumer="inbox",service="orchestrator"} 1');
    expect(text).toContain('baton_messages_handled_total{consumer="worker-code",service="worker"} 2');
    expect(text).toContain('baton_task_seconds_bucket{le="1",service="worker"} 1');
    expect(text).toContain('baton_task_seconds_count{service="worker"} 1');
  });

  it('keeps the series of a family under its own header when families interleave', () => {
    const merged = mergeExpositions([
      '# HELP a A\n# TYPE a gauge\na{service="x"} 1\n# HELP b B\n# TYPE b gauge\nb{service="x"} 2\n',
      '# HELP b B\n# TYPE b gauge\nb{service="y"} 3\n# HELP a A\n# TYPE a gauge\na{service="y"} 4\n',
    ]);
    expect(merged).toBe(
      [
        '# HELP a A',
        '# TYPE a gauge',
        'a{service="x"} 1',
        'a{service="y"} 4',
        '# HELP b B',
        '# TYPE b gauge',
        'b{service="x"} 2',
        'b{service="y"} 3',
        '',
      ].join('\n'),
    );
  });
});
