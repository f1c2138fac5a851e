import { definitionOf } from '../__fixtures__/fixtures';

describe('aliases', () => {
  const definition = definitionOf('valid/aliases.yaml');

  it('accepts name, triggers and outputs for ensemble, trigger and output', () => {
    expect(definition.name).toBe('aliases');
    expect(definition.triggers).toEqual([{ type: 'manual' }]);
    expect(definition.output).toEqual({ result: '${second.output}' });
  });

  it('accepts depends_on for after', () => {
    expect(definition.agents[1].dependsOn).toEqual(['first']);
  });

  it('accepts camelCase retry keys, and durations in any unit', () => {
    expect(definition.agents[0].retry).toEqual({
      maxAttempts: 4,
      backoff: 'linear',
      initialDelayMs: 2000,
      maxDelayMs: 60_000,
      retryOn: [429, 503],
    });
    expect(definition.agents[0].timeoutMs).toBe(30_000);
  });
});

describe('extension keys', () => {
  it('ignores top-level x- keys, which can hold YAML anchors', () => {
    const [agent] = definitionOf('valid/extension-keys.yaml').agents;
    expect(agent.retry).toEqual({ maxAttempts: 3, backoff: 'fixed', initialDelayMs: 1000 });
  });
});

describe('defaults', () => {
  const definition = definitionOf('valid/defaults.yaml');

  it('runs sequentially for at most an hour', () => {
    expect(definition.execution).toBe('sequential');
    expect(definition.timeoutMs).toBe(3_600_000);
  });

  it('gives an agent one attempt with exponential back-off from 1000 ms, and loops 10 items at a time', () => {
    expect(definition.agents[0].retry).toEqual({
      maxAttempts: 1,
      backoff: 'exponential',
      initialDelayMs: 1000,
    });
    expect(definition.agents[0].loop).toEqual({ items: '${input.items}', concurrency: 10 });
  });

  it('schedules cron triggers in UTC, enabled, without catching up', () => {
    expect(definition.triggers[0]).toEqual({
      type: 'cron',
      cron: '*/5 * * * *',
      timezone: 'UTC',
      enabled: true,
      catchUp: false,
    });
  });

  it('gives a webhook signature a tolerance of 300 seconds', () => {
    expect(definition.triggers[1]).toEqual({
      type: 'webhook',
      path: '/hooks/defaults',
      auth: { scheme: 'hmac-sha256', secret: '${env.HOOK_SECRET}', toleranceSeconds: 300 },
    });
  });

  it('limits concurrency to one run of the ensemble at a time, queueing the others', () => {
    expect(definition.concurrency).toEqual({ key: 'defaults', limit: 1, onNew: 'queue' });
  });

  it('retries a notification 5 times with 5000 ms per attempt, for every event', () => {
    expect(definition.notifications[0]).toMatchObject({ retries: 5, timeoutMs: 5000, format: 'conductor' });
    expect(definition.notifications[0].events).toHaveLength(8);
    expect(definition.notifications[1]).toMatchObject({ type: 'email', to: ['ops@example.com'] });
  });

  it('has no state schema, connections, templates or output', () => {
    expect(definition).toMatchObject({ stateSchema: {}, connections: {}, templates: {} });
    expect(definition.output).toBeUndefined();
  });

  it('normalises a webhook path to one leading slash and no trailing one', () => {
    expect(definitionOf('valid/webhook-unsigned.yaml').triggers[0]).toMatchObject({
      path: '/hooks/open',
      auth: { scheme: 'none' },
    });
  });
});
