import { stackSettings } from './cli-settings';

describe('the settings of baton start', () => {
  it('takes the defaults of interfaces.md when nothing is set', async () => {
    expect(await stackSettings({})).toEqual({
      ok: true,
      value: {
        natsUrl: 'nats://127.0.0.1:4222',
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/baton',
        ingressPort: 8080,
        healthPorts: { scheduler: 8081, orchestrator: 8082, worker: 8083, notifier: 8084, projector: 8085 },
        servicesHealthPort: 8086,
      },
    });
  });

  it('reads each service’s health port from <SERVICE>_HEALTH_PORT', async () => {
    const settings = await stackSettings({ ORCHESTRATOR_HEALTH_PORT: '9182', INGRESS_PORT: '9180' });
    expect(settings.ok && settings.value.healthPorts.orchestrator).toBe(9182);
    expect(settings.ok && settings.value.healthPorts.worker).toBe(8083);
    expect(settings.ok && settings.value.ingressPort).toBe(9180);
  });

  it('reads the port of the single-process services from SERVICES_HEALTH_PORT, and names it when invalid', async () => {
    const settings = await stackSettings({ SERVICES_HEALTH_PORT: '9186' });
    expect(settings.ok && settings.value.servicesHealthPort).toBe(9186);
    const invalid = await stackSettings({ SERVICES_HEALTH_PORT: 'eighty' });
    expect(!invalid.ok && invalid.message).toContain('SERVICES_HEALTH_PORT');
  });

  it('never echoes a database URL that may hold a password', async () => {
    const settings = await stackSettings({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(settings.ok).toBe(false);
    expect(!settings.ok && settings.message).toContain('DATABASE_URL');
    expect(!settings.ok && settings.message).not.toContain('hunter2');
  });
});
