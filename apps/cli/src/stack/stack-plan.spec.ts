import type { StackSettings } from '../settings/cli-settings';
import { planStack, type StackPlanInput } from './stack-plan';

const settings: StackSettings = {
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/baton',
  ingressPort: 9080,
  healthPorts: { scheduler: 9081, orchestrator: 9082, worker: 9083, notifier: 9084, projector: 9085 },
  servicesHealthPort: 9086,
};
const built =
  (except: string[] = []) =>
  (main: string) =>
    !except.some((name) => main.includes(`/${name}/`));
const input: StackPlanInput = {
  settings,
  env: { PATH: '/bin', HEALTH_PORT: '1234', ROUTER_WEBHOOK_SECRET: 's' },
  ensemblesDir: '/repo/examples/ensembles',
  serviceMain: (name) => `/repo/dist/apps/${name}/src/main.js`,
  isBuilt: built(),
};

describe('the plan of baton start', () => {
  it('starts ingress first, then orchestrator, worker, scheduler, projector and notifier', () => {
    const plan = planStack(input);
    expect(plan.ok && plan.services.map((service) => service.name)).toEqual([
      'ingress',
      'orchestrator',
      'worker',
      'scheduler',
      'projector',
      'notifier',
    ]);
  });

  it('gives each service the same environment with its own HEALTH_PORT', () => {
    const plan = planStack(input);
    if (!plan.ok) throw new Error('expected a plan');
    const worker = plan.services.find((service) => service.name === 'worker');
    expect(worker?.env).toMatchObject({
      NATS_URL: settings.natsUrl,
      // start provisions NATS itself before the services start
      BATON_PROVISION: 'off',
      DATABASE_URL: settings.databaseUrl,
      ENSEMBLES_DIR: '/repo/examples/ensembles',
      INGRESS_PORT: '9080',
      HEALTH_PORT: '9083',
      ROUTER_WEBHOOK_SECRET: 's',
    });
    expect(worker?.healthPort).toBe(9083);
    expect(plan.services[0].env.HEALTH_PORT).toBeUndefined();
    expect(plan.services[0].healthPort).toBe(9080);
  });

  it('points approval links at this ingress unless BATON_PUBLIC_URL says otherwise', () => {
    const plan = planStack(input);
    const own = planStack({ ...input, env: { BATON_PUBLIC_URL: 'https://baton.example.com' } });
    expect(plan.ok && plan.services[0].env.BATON_PUBLIC_URL).toBe('http://127.0.0.1:9080');
    expect(own.ok && own.services[0].env.BATON_PUBLIC_URL).toBe('https://baton.example.com');
    expect(plan.ok && plan.ingressUrl).toBe('http://127.0.0.1:9080');
  });

  it('gives the notifier its own health port', () => {
    const plan = planStack(input);
    const notifier = plan.ok ? plan.services.find((service) => service.name === 'notifier') : undefined;
    expect(notifier?.env.HEALTH_PORT).toBe('9084');
  });

  it('lists the entry points that are not built', () => {
    expect(planStack({ ...input, isBuilt: built(['worker', 'notifier']) })).toEqual({
      ok: false,
      missing: ['/repo/dist/apps/worker/src/main.js', '/repo/dist/apps/notifier/src/main.js'],
    });
  });

  describe('with --single-process', () => {
    const host = '/repo/dist/apps/cli/src/stack/single-process-host.js';

    it('runs ingress, then one process hosting every other service on SERVICES_HEALTH_PORT', () => {
      const plan = planStack({ ...input, singleProcessHost: host });
      if (!plan.ok) throw new Error('expected a plan');
      expect(plan.services.map((service) => service.name)).toEqual(['ingress', 'services']);
      const [, services] = plan.services;
      expect(services).toMatchObject({
        main: host,
        healthPort: 9086,
        hosts: ['orchestrator', 'worker', 'scheduler', 'projector', 'notifier'],
      });
      expect(services.env).toMatchObject({ NATS_URL: settings.natsUrl, HEALTH_PORT: '9086' });
    });

    it('needs the host and every service it loads built', () => {
      expect(planStack({ ...input, singleProcessHost: host, isBuilt: built(['worker', 'cli']) })).toEqual({
        ok: false,
        missing: ['/repo/dist/apps/worker/src/main.js', host],
      });
    });
  });
});
