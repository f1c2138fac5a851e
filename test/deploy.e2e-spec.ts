/**
 * The deployment artefacts (Dockerfile, docker-compose.yml, deploy/k8s, deploy/nats/nats.conf),
 * checked without Docker or a cluster: against the Compose Specification schema and the Kubernetes
 * API types, against libs/config (services, ports, variables) and the build output, and, for NATS,
 * by running the real nats-server with the shipped configuration and the real services as its users.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import draft07MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json';
import addFormats from 'ajv-formats';
import { getMetadataStorage } from 'class-validator';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ConfigMap, Container, Service as KubernetesService } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { parse } from 'yaml';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import {
  DatabaseConfig,
  EnsemblesConfig,
  HEALTH_PORT_DEFAULTS,
  healthConfigFor,
  IngressConfig,
  loadConfig,
  loadConfigs,
  MailConfig,
  NatsConfig,
  OutboundConfig,
  PublicUrlConfig,
  TelemetryConfig,
  WorkerConfig,
  type ConfigClass,
  type ServiceWithHealthPort,
} from '@baton/config';
import {
  durableConsumers,
  natsLayout,
  provision,
  TimerScheduler,
  TimerStore,
  WORKER_OPERATIONS,
} from '@baton/messaging';
import { dockerfileStages, execForm } from './fixtures/deploy/support/dockerfile-stages';
import {
  readCompose,
  readEnvFile,
  readManifests,
  withDefaults,
} from './fixtures/deploy/support/deploy-files';
import { startDeployedNats, type DeployedNats } from './fixtures/deploy/support/deployed-nats';
import { kubernetesTypeErrors } from './fixtures/deploy/support/kubernetes-type-errors';
import { createDatabase, freePort, ROOT, service, waitFor, type Service } from './support/processes';

const FIXTURES = join(ROOT, 'test/fixtures/deploy');
const K8S = join(ROOT, 'deploy/k8s');
const NATS_CONF = join(ROOT, 'deploy/nats/nats.conf');

/** What `npm run build` produced: every app but the CLI is a service to deploy. */
const SERVICES = readdirSync(join(ROOT, 'dist/apps'))
  .filter((app) => app !== 'cli' && existsSync(join(ROOT, 'dist/apps', app, 'src/main.js')))
  .sort();
const INGRESS_PORT = loadConfig(IngressConfig, {}).INGRESS_PORT;
const NATS_USERS = [...SERVICES, 'admin'];

/** The configuration concerns each service reads (its main.ts and modules). */
const CONCERNS: Readonly<Record<string, readonly ConfigClass[]>> = {
  ingress: [IngressConfig, NatsConfig, DatabaseConfig, EnsemblesConfig, PublicUrlConfig, TelemetryConfig],
  orchestrator: [NatsConfig, TelemetryConfig, healthConfigFor('orchestrator')],
  // DATABASE_URL / DATA_DATABASE_URL: the default connection of `data` agents.
  worker: [
    NatsConfig,
    TelemetryConfig,
    healthConfigFor('worker'),
    WorkerConfig,
    DatabaseConfig,
    MailConfig,
    OutboundConfig,
  ],
  scheduler: [NatsConfig, TelemetryConfig, healthConfigFor('scheduler')],
  projector: [NatsConfig, TelemetryConfig, healthConfigFor('projector'), DatabaseConfig],
};

/** The value, or a failure naming what is missing (instead of a non-null assertion). */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}

function mainOf(name: string): string[] {
  return ['node', `dist/apps/${name}/src/main.js`];
}

function healthPortOf(name: string): number {
  return name === 'ingress' ? INGRESS_PORT : HEALTH_PORT_DEFAULTS[name as ServiceWithHealthPort];
}

/** The variables a concern declares: each carries a class-validator decorator. */
function variablesOf(concerns: readonly ConfigClass[]): Set<string> {
  return new Set(
    concerns.flatMap((concern) =>
      getMetadataStorage()
        .getTargetValidationMetadatas(concern, '', true, false)
        .map((entry) => entry.propertyName),
    ),
  );
}

/**
 * Every variable set is one that `known` declares, and the service's concerns load from `env`
 * (ConfigError names each variable they refuse).
 */
function expectValidConfiguration(
  name: string,
  env: Record<string, string>,
  known = variablesOf(CONCERNS[name] ?? []),
): void {
  const concerns = CONCERNS[name];
  expect(concerns).toBeDefined();
  const unknown = Object.keys(env).filter((variable) => !known.has(variable));
  expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
  expect(() =>
    loadConfigs(Object.fromEntries(concerns.map((concern, i) => [String(i), concern])), env),
  ).not.toThrow();
}

describe('the Dockerfile', () => {
  const stages = dockerfileStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages[stages.length - 1];
  const runs = (stage: (typeof stages)[number]) =>
    stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

  it('builds every stage from Node 24', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:24(-|$)/);
  });

  it('installs with npm ci and builds with npm run build', () => {
    const build = present(
      stages.find((stage) => runs(stage).some((run) => run.includes('npm run build'))),
      'a stage that runs npm run build',
    );
    expect(runs(build).some((run) => /\bnpm ci\b/.test(run) && !run.includes('--omit=dev'))).toBe(true);
    expect(
      runtime.instructions.some((i) => i.keyword === 'COPY' && i.args.includes(`--from=${build.name}`)),
    ).toBe(true);
  });

  it("takes the runtime's node_modules from an install without dev dependencies, which keeps @swc/core", () => {
    const copy = runtime.instructions.find((i) => i.keyword === 'COPY' && /\bnode_modules\b/.test(i.args));
    const from = /--from=(\S+)/.exec(copy?.args ?? '')?.[1];
    const source = present(
      stages.find((stage) => stage.name === from),
      `stage ${from}`,
    );
    expect(runs(source).some((run) => /\bnpm ci\b.*--omit=dev/.test(run))).toBe(true);
    // The worker transpiles `code` agents' scripts at run time: @swc/core must survive the pruning.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@swc/core']).toBeDefined();
  });

  it('runs the runtime stage as a non-root user', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
  });

  it('starts a service that npm run build produced', () => {
    const cmd = present(
      runtime.instructions
        .filter((i) => i.keyword === 'CMD')
        .map(execForm)
        .pop(),
      'CMD',
    );
    expect(cmd).toEqual(mainOf('ingress'));
    expect(existsSync(join(ROOT, cmd[1]))).toBe(true);
    expect(runtime.instructions.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
  });
});

describe('docker-compose.yml', () => {
  const compose = readCompose(join(ROOT, 'docker-compose.yml'));
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'schemas/compose-spec.json'), 'utf8')) as object;
  // Unknown keywords such as `deprecated` are annotations here, not errors.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // compose-spec.json names draft-07 by its https address; Ajv knows the same meta-schema by http.
  ajv.addMetaSchema({ ...draft07MetaSchema, $id: 'https://json-schema.org/draft-07/schema' });
  const validateCompose = ajv.compile(schema);
  const environmentOf = (name: string) =>
    Object.fromEntries(
      Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [k, withDefaults(String(v))]),
    );

  it('is valid against the Compose Specification schema', () => {
    expect(validateCompose(compose) ? [] : validateCompose.errors).toEqual([]);
  });

  it('would be refused by that schema with a misspelt key or an unknown condition', () => {
    expect(validateCompose(parse(readFileSync(join(FIXTURES, 'invalid-compose.yaml'), 'utf8')))).toBe(false);
    const paths = (validateCompose.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([expect.stringContaining('/services/app must NOT have additional properties')]),
    );
    expect(paths).toEqual(
      expect.arrayContaining([expect.stringContaining('/services/app/depends_on/db/condition')]),
    );
  });

  it('runs every built service, and only those, from the one image with its own main.js', () => {
    const baton = Object.keys(compose.services).filter(
      (name) => compose.services[name].image === 'baton:local',
    );
    expect(baton.sort()).toEqual(SERVICES);
    for (const name of SERVICES) {
      expect(compose.services[name].build).toBe('.');
      expect(compose.services[name].command).toEqual(mainOf(name));
      expect(existsSync(join(ROOT, mainOf(name)[1]))).toBe(true);
    }
  });

  it("checks each service's health on the port libs/config gives it, and publishes ingress on 8080", () => {
    for (const name of SERVICES) {
      const port = healthPortOf(name);
      const env = environmentOf(name);
      expect(Number(env[name === 'ingress' ? 'INGRESS_PORT' : 'HEALTH_PORT'])).toBe(port);
      expect(compose.services[name].healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    }
    expect(compose.services.ingress.ports).toEqual([`127.0.0.1:${INGRESS_PORT}:${INGRESS_PORT}`]);
  });

  it('sets only variables libs/config reads, with values it accepts', () => {
    for (const name of SERVICES) expectValidConfiguration(name, environmentOf(name));
  });

  it('connects each service to NATS as its own user, whose password the NATS container gets', () => {
    const natsEnv = compose.services.nats.environment ?? {};
    for (const name of SERVICES) {
      const url = new URL(environmentOf(name).NATS_URL);
      expect(url.username).toBe(name);
      expect(withDefaults(String(natsEnv[`NATS_${name.toUpperCase()}_PASSWORD`]))).toBe(url.password);
    }
    expect(Object.keys(natsEnv).sort()).toEqual(
      NATS_USERS.map((user) => `NATS_${user.toUpperCase()}_PASSWORD`).sort(),
    );
    expect(compose.services.nats.command).toEqual(['-js', '-c', '/etc/nats/nats.conf']);
    expect(compose.services.nats.volumes).toContain('./deploy/nats/nats.conf:/etc/nats/nats.conf:ro');
  });

  it('starts the services once NATS and PostgreSQL are healthy, with the examples as ENSEMBLES_DIR', () => {
    for (const name of SERVICES) {
      expect(compose.services[name].depends_on).toMatchObject({
        nats: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    }
    expect(environmentOf('ingress').ENSEMBLES_DIR).toBe('/ensembles');
    expect(compose.services.ingress.volumes).toContain('./examples/ensembles:/ensembles:ro');
    expect(environmentOf('ingress').OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
  });
});

describe('deploy/k8s', () => {
  const kustomization = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
    secretGenerator: Array<{ name: string; envs: string[] }>;
  };
  const manifests = readManifests(K8S, kustomization.resources);
  const ofKind = <T>(kind: string) =>
    manifests.filter((m) => m.document.kind === kind).map((m) => m.document as unknown as T);
  const deployments = ofKind<Deployment>('Deployment');
  const deploymentOf = (name: string) =>
    present(deployments.find((d) => d.metadata?.name === `baton-${name}`)?.spec, `Deployment baton-${name}`);
  const podOf = (name: string) => present(deploymentOf(name).template.spec, `the pod spec of baton-${name}`);
  const containerOf = (name: string): Container => podOf(name).containers[0];
  const configMap = ofKind<ConfigMap>('ConfigMap').find((c) => c.metadata?.name === 'baton-config');
  /** Secret name → its keys and the example values shipped beside the real (git-ignored) env file. */
  const secrets = new Map(
    kustomization.secretGenerator.map((generator) => [
      generator.name,
      Object.assign({}, ...generator.envs.map((file) => readEnvFile(join(K8S, `${file}.example`)))) as Record<
        string,
        string
      >,
    ]),
  );

  it('fits the Kubernetes API type of each kind, field by field', () => {
    expect(kubernetesTypeErrors(manifests, ROOT)).toEqual([]);
  });

  it('would be refused by that check with a misspelt field or a wrongly typed value', () => {
    const errors = kubernetesTypeErrors(readManifests(FIXTURES, ['invalid-deployment.yaml']), ROOT);
    expect(errors.join('\n')).toMatch(/livenessProbes\W+ does not exist in type 'Container'/);
    expect(errors.join('\n')).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('lists every manifest of the folder in kustomization.yaml', () => {
    const files = readdirSync(K8S).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('has one Deployment per built service, running its main.js', () => {
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(SERVICES.map((name) => `baton-${name}`));
    for (const name of SERVICES) expect(containerOf(name).command).toEqual(mainOf(name));
  });

  it("probes /healthz and /readyz and is scraped at /metrics on each service's port", () => {
    for (const name of SERVICES) {
      const port = healthPortOf(name);
      const container = containerOf(name);
      const named = container.ports?.[0];
      expect(named?.containerPort).toBe(port);
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: named?.name });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: named?.name });
      expect(deploymentOf(name).template.metadata?.annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
    }
    const service = ofKind<KubernetesService>('Service');
    expect(
      service.map((s) => [s.metadata?.name, s.spec?.ports?.[0].port, s.spec?.ports?.[0].targetPort]),
    ).toEqual([['baton-ingress', INGRESS_PORT, 'http']]);
  });

  it('sets only variables libs/config reads, with values each service accepts', () => {
    // baton-config is shared by every Deployment: a key may serve only some of them.
    const known = variablesOf(Object.values(CONCERNS).flat());
    for (const name of SERVICES) {
      const env: Record<string, string> = { ...configMap?.data };
      for (const variable of containerOf(name).env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        const value = ref === undefined ? variable.value : secrets.get(ref.name ?? '')?.[ref.key];
        if (ref !== undefined && value === undefined)
          expect({ optional: ref.optional, ref }).toEqual({ optional: true, ref });
        if (value !== undefined) env[variable.name] = value;
      }
      expectValidConfiguration(name, env, known);
    }
  });

  it('connects each service to NATS as its own user', () => {
    expect(Object.keys(secrets.get('baton-nats') ?? {}).sort()).toEqual(SERVICES);
    for (const name of SERVICES) {
      const ref = containerOf(name).env?.find((variable) => variable.name === 'NATS_URL')?.valueFrom
        ?.secretKeyRef;
      expect(ref).toEqual({ name: 'baton-nats', key: name });
      expect(new URL(secrets.get('baton-nats')?.[name] ?? '').username).toBe(name);
    }
  });

  it('scales ingress, orchestrator and worker, keeps one projector, and protects ingress and orchestrator', () => {
    const autoscaled = ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').map(
      (h) => h.spec?.scaleTargetRef.name,
    );
    expect(autoscaled.sort()).toEqual(['baton-ingress', 'baton-orchestrator', 'baton-worker']);
    const budgets = ofKind<PodDisruptionBudget>('PodDisruptionBudget').map(
      (p) => p.spec?.selector?.matchLabels,
    );
    expect(budgets).toEqual([
      { 'app.kubernetes.io/name': 'baton', 'app.kubernetes.io/component': 'ingress' },
      { 'app.kubernetes.io/name': 'baton', 'app.kubernetes.io/component': 'orchestrator' },
    ]);
    // Two projector pullers could apply one run's events out of order.
    expect(deploymentOf('projector')).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('runs every container as a non-root user that cannot write its filesystem or escalate', () => {
    for (const name of SERVICES) {
      expect(podOf(name).securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(containerOf(name).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });
});

/** The stream (and consumer) a JetStream API, ack or flow-control subject of nats.conf is about. */
function streamAndConsumerOf(subject: string): { stream?: string; consumer?: string } {
  const t = subject.split('.');
  if (t[1] === 'ACK' || t[1] === 'FC') return { stream: t[2], consumer: t[3] };
  if (t[2] === 'STREAM') return { stream: t[3] === 'MSG' ? t[5] : t[4] };
  if (t[2] === 'DIRECT') return { stream: t[4] };
  if (t[2] === 'CONSUMER') {
    const at = t[3] === 'MSG' ? 5 : 4;
    return { stream: t[at], consumer: t[at + 1] };
  }
  return {};
}

describe('deploy/nats/nats.conf', () => {
  const layout = natsLayout();
  const conf = readFileSync(NATS_CONF, 'utf8');
  let nats: DeployedNats;
  const open: NatsConnection[] = [];

  async function as(user: string, password = nats.password(user)): Promise<NatsConnection> {
    const nc = await connect({
      servers: `nats://${nats.host}:${nats.port}`,
      user,
      pass: password,
      name: `probe-${user}`,
    });
    open.push(nc);
    return nc;
  }
  const denied = /Permissions Violation/;
  const publish = (nc: NatsConnection, subject: string) =>
    jetstream(nc).publish(subject, JSON.stringify({ probe: subject }));
  const pullOne = async (nc: NatsConnection, stream: string, consumer: string) =>
    (await jetstream(nc).consumers.get(stream, consumer)).next({ expires: 3000 });
  /** A pull request as the raw API call, so a refusal surfaces as the permission error itself. */
  const pullRequest = (nc: NatsConnection, stream: string, consumer: string) =>
    nc.request(
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
      JSON.stringify({ batch: 1, no_wait: true }),
      { timeout: 3000 },
    );
  /** The server answers a refused subscription before the flush's PONG; give the client a moment more. */
  const subscribeClosedWith = async (nc: NatsConnection, subject: string) => {
    const subscription = nc.subscribe(subject);
    await nc.flush();
    return Promise.race([
      subscription.closed,
      new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 500)),
    ]);
  };
  /** Pulls (and acks) until the message on `subject` arrives: earlier probes may have left others. */
  const pullUntil = async (nc: NatsConnection, stream: string, consumer: string, subject: string) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const message = await pullOne(nc, stream, consumer);
      message?.ack();
      if (message === null || message.subject === subject) return message;
    }
    return null;
  };

  beforeAll(async () => {
    nats = await startDeployedNats(NATS_CONF, NATS_USERS);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((nc) => nc.close()));
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('names only streams, buckets and durable consumers of the Baton layout', () => {
    const streams = new Set<string>([
      ...Object.values(layout.streams),
      ...[
        layout.buckets.ensembles,
        layout.buckets.dedupe,
        layout.buckets.waits,
        layout.buckets.concurrency,
        layout.buckets.kv,
        layout.buckets.leases,
      ].map((b) => `KV_${b}`),
      `OBJ_${layout.buckets.artifacts}`,
    ]);
    const durables = durableConsumers(layout);
    const subjects = [...conf.matchAll(/"(\$JS\.[^"]+)"/g)].map((match) => match[1]);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) {
      const { stream, consumer } = streamAndConsumerOf(subject);
      if (stream === undefined || stream === '*') continue;
      expect([subject, streams.has(stream)]).toEqual([subject, true]);
      const isDurable =
        consumer !== undefined && !['*', '>'].includes(consumer) && stream.startsWith('BATON_');
      if (isDurable) expect([subject, durables.get(consumer)]).toEqual([subject, stream]);
    }
    expect(
      WORKER_OPERATIONS.every((operation) => durables.get(`worker-${operation}`) === layout.streams.tasks),
    ).toBe(true);
  });

  it.each(SERVICES)(
    'lets %s provision the whole layout, as every service does when it starts',
    async (user) => {
      await expect(provision(await as(user))).resolves.toEqual(
        expect.objectContaining({ streams: layout.streams }),
      );
    },
  );

  it('refuses a service user with a wrong password', async () => {
    await expect(as('ingress', 'not-the-password')).rejects.toThrow(/Authorization Violation/);
  });

  it('lets ingress queue starts and API commands and watch run events, but not publish tasks, run events, timers or others’ commands', async () => {
    const ingress = await as('ingress');
    for (const subject of [layout.startSubject('probe-run'), layout.commandSubject('api', 'probe-run')]) {
      await expect(publish(ingress, subject)).resolves.toMatchObject({ stream: layout.streams.inbox });
    }
    for (const source of ['result', 'timer', 'run'] as const) {
      await expect(publish(ingress, layout.commandSubject(source, 'probe-run'))).rejects.toThrow(denied);
    }
    await expect(publish(ingress, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(publish(ingress, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(publish(ingress, layout.timerSubject('probe-run'))).rejects.toThrow(denied);
    expect(await subscribeClosedWith(ingress, layout.runSubject('probe-run'))).toBe('open');
    expect(String(await subscribeClosedWith(ingress, layout.streamSubjects.tasks))).toMatch(denied);
    await expect(pullRequest(ingress, layout.streams.inbox, 'orchestrator-0')).rejects.toThrow(denied);
  });

  it('lets ingress claim webhook deliveries and read waits, but not open waits', async () => {
    const ingress = await as('ingress');
    const dedupe = await new Kvm(ingress).open(layout.buckets.dedupe);
    await expect(dedupe.create('probe-delivery', 'run-1')).resolves.toBeGreaterThan(0);
    const waits = await new Kvm(ingress).open(layout.buckets.waits);
    await expect(waits.get('probe-wait')).resolves.toBeNull();
    await expect(waits.put('probe-wait', 'run-1')).rejects.toThrow(denied);
  });

  it('lets the orchestrator consume the inbox and append events, tasks and timers, but not write definitions or delete streams', async () => {
    await publish(await as('ingress'), layout.commandSubject('api', 'probe-orchestrator'));
    await publish(await as('ingress'), layout.startSubject('probe-orchestrator'));
    const orchestrator = await as('orchestrator');
    const partition = layout.partitionOf('probe-orchestrator');
    for (const consumer of [`orchestrator-${partition}`, `orchestrator-start-${partition}`]) {
      const command = present(await pullOne(orchestrator, layout.streams.inbox, consumer), 'a command');
      command.ack();
    }
    for (const subject of [layout.startSubject('probe-child'), layout.commandSubject('run', 'probe-run')]) {
      await expect(publish(orchestrator, subject)).resolves.toMatchObject({ stream: layout.streams.inbox });
    }
    await expect(publish(orchestrator, layout.commandSubject('result', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(orchestrator, layout.runSubject('probe-run'))).resolves.toMatchObject({
      stream: layout.streams.runs,
    });
    await expect(publish(orchestrator, layout.taskSubject('http'))).resolves.toMatchObject({
      stream: layout.streams.tasks,
    });
    await expect(publish(orchestrator, layout.timerSubject('probe-run'))).resolves.toMatchObject({
      stream: layout.streams.timers,
    });
    const definitions = await new Kvm(orchestrator).open(layout.buckets.ensembles);
    await expect(definitions.put('probe-ensemble', '{}')).rejects.toThrow(denied);
    await expect((await jetstreamManager(orchestrator)).streams.delete(layout.streams.runs)).rejects.toThrow(
      denied,
    );
  });

  it('lets a worker take its tasks and report to the inbox, but not publish tasks or run events, nor consume the inbox', async () => {
    await publish(await as('orchestrator'), layout.taskSubject('code'));
    const worker = await as('worker');
    const task = await pullUntil(worker, layout.streams.tasks, 'worker-code', layout.taskSubject('code'));
    expect(task?.subject).toBe(layout.taskSubject('code'));
    for (const subject of [layout.commandSubject('result', 'probe-run'), layout.startSubject('probe-sent')]) {
      await expect(publish(worker, subject)).resolves.toMatchObject({ stream: layout.streams.inbox });
    }
    await expect(publish(worker, layout.commandSubject('api', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(worker, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(publish(worker, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(pullRequest(worker, layout.streams.inbox, 'orchestrator-0')).rejects.toThrow(denied);
  });

  it('lets a worker use the kv bucket and the artifact store, which no other service may write', async () => {
    const worker = await as('worker');
    const kv = await new Kvm(worker).open(layout.buckets.kv);
    await kv.put('probe-key', 'value');
    expect((await kv.get('probe-key'))?.string()).toBe('value');
    const artifacts = await new Objm(worker).open(layout.buckets.artifacts);
    await artifacts.putBlob({ name: 'probe-blob' }, new TextEncoder().encode('blob'));
    expect(new TextDecoder().decode((await artifacts.getBlob('probe-blob')) ?? undefined)).toBe('blob');
    const ingressKv = await new Kvm(await as('ingress')).open(layout.buckets.kv);
    await expect(ingressKv.put('probe-key', 'other')).rejects.toThrow(denied);
  });

  it('lets the scheduler index the timer store, fire a due timer into the inbox under its lease, and nothing more', async () => {
    const runId = 'probe-scheduler';
    await new TimerStore(await as('orchestrator')).schedule({
      id: `${runId}:retry`,
      dueAt: Date.now(),
      target: {
        subject: layout.commandSubject('timer', runId),
        payload: new TextEncoder().encode('{}'),
        msgId: `${runId}:retry`,
      },
    });
    const scheduler = await as('scheduler');
    const timers = new TimerScheduler(scheduler, { leaseTtlMs: 1000 });
    await timers.start();
    try {
      const admin = await jetstreamManager(await as('admin'));
      const fired = await waitFor('the probe timer to fire into the inbox', async () =>
        admin.streams
          .getMessage(layout.streams.inbox, { last_by_subj: layout.commandSubject('timer', runId) })
          .catch(() => undefined),
      );
      expect(fired?.header.get('Nats-Msg-Id')).toBe(`${runId}:retry`);
      await waitFor('the fired timer to be deleted', async () => {
        const subject = layout.timerSubject(`${runId}:retry`);
        const info = await admin.streams.info(layout.streams.timers, { subjects_filter: subject });
        return (info.state.subjects?.[subject] ?? 0) === 0 || undefined;
      });
    } finally {
      await timers.stop();
    }
    await expect(publish(scheduler, layout.startSubject('probe-cron'))).resolves.toMatchObject({
      stream: layout.streams.inbox,
    });
    await expect(publish(scheduler, layout.commandSubject('api', 'probe-run'))).rejects.toThrow(denied);
    await expect(publish(scheduler, layout.taskSubject('http'))).rejects.toThrow(denied);
    await expect(publish(scheduler, layout.runSubject('probe-run'))).rejects.toThrow(denied);
    await expect(publish(scheduler, layout.timerSubject('probe-run'))).rejects.toThrow(denied);
    await expect((await jetstreamManager(scheduler)).streams.purge(layout.streams.timers)).rejects.toThrow(
      denied,
    );
  });

  it('lets the projector read the event log and publish nothing', async () => {
    await publish(await as('orchestrator'), layout.runSubject('probe-projector'));
    const projector = await as('projector');
    const event = await pullUntil(
      projector,
      layout.streams.runs,
      'projector',
      layout.runSubject('probe-projector'),
    );
    expect(event?.subject).toBe(layout.runSubject('probe-projector'));
    await expect(publish(projector, layout.startSubject('probe-run'))).rejects.toThrow(denied);
    await expect(pullRequest(projector, layout.streams.tasks, 'worker-http')).rejects.toThrow(denied);
  });

  describe('with the real services, each connected as its own user', () => {
    const running: Service[] = [];
    let database: { url: string; dispose(): Promise<void> };
    let baseUrl: string;
    /** The server log up to here holds the probes' deliberate violations; only what follows counts. */
    let logBefore = 0;
    const API_KEY = 'deploy-e2e-api-key';
    const newViolations = () =>
      nats
        .log()
        .slice(logBefore)
        .split('\n')
        .filter((line) => line.includes('Violation'));

    interface ApiBody {
      readonly runId?: string;
      readonly id?: string;
      readonly status?: string;
      readonly output?: unknown;
      readonly agents?: Record<string, { status: string }>;
      readonly runs?: Array<{ ensemble: string; status: string }>;
      readonly events?: unknown[];
    }

    async function api(path: string, body?: unknown): Promise<{ status: number; body: ApiBody }> {
      const res = await fetch(`${baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as ApiBody };
    }

    beforeAll(async () => {
      // The probes above left messages that are no commands, tasks or events: start from empty streams.
      const admin = await as('admin');
      await provision(admin);
      const jsm = await jetstreamManager(admin);
      await Promise.all(Object.values(layout.streams).map((stream) => jsm.streams.purge(stream)));
      await admin.close();
      logBefore = nats.log().length;
      database = await createDatabase('baton_deploy_e2e');
      const logDir = mkdtempSync(join(tmpdir(), 'baton-deploy-logs-'));
      const ingressPort = await freePort();
      baseUrl = `http://127.0.0.1:${ingressPort}`;
      for (const name of SERVICES) {
        const healthPort = name === 'ingress' ? ingressPort : await freePort();
        const svc = service(
          name,
          {
            NATS_URL: nats.urlFor(name),
            DATABASE_URL: database.url,
            ENSEMBLES_DIR: join(FIXTURES, 'ensembles'),
            INGRESS_PORT: String(ingressPort),
            HEALTH_PORT: String(healthPort),
            BATON_API_KEY: API_KEY,
            LOG_LEVEL: 'debug',
          },
          healthPort,
          logDir,
        );
        await svc.start();
        running.push(svc);
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(running.map((svc) => svc.kill()));
      await database?.dispose();
    });

    it('run a task, a timer, a resolved wait and a queue send with no permission violation', async () => {
      const { body: started } = await api('/api/ensembles/deploy-check/runs', { n: 21 });
      await waitFor(
        'the wait to open',
        async () => (await api(`/api/runs/${started.runId}`)).body.agents?.approval?.status === 'waiting',
      );
      expect((await api('/api/waits/deploy-check-21', { action: 'approve' })).status).toBeLessThan(300);
      const run = await waitFor('deploy-check to end', async () => {
        const { body } = await api(`/api/runs/${started.runId}`);
        return body.status === 'completed' || body.status === 'failed' ? body : undefined;
      });
      expect(run).toMatchObject({ status: 'completed', output: { doubled: 42, approved: 'approve' } });
      const followUps = await waitFor('the queued run to be projected', async () => {
        const { body } = await api('/api/runs?ensemble=deploy-follow-up');
        return body.runs?.find((r) => r.status === 'completed');
      });
      expect(followUps).toMatchObject({ ensemble: 'deploy-follow-up' });
      expect(newViolations()).toEqual([]);
    });

    it('answer ?wait= and read a long event log with no permission violation', async () => {
      const items = Array.from({ length: 20 }, (_, i) => i);
      const { status, body: run } = await api('/api/ensembles/deploy-many-steps/runs?wait=30s', { items });
      expect([status, run.status, run.output]).toEqual([200, 'completed', { count: 20 }]);
      const { body } = await api(`/api/runs/${run.id}/events`);
      expect(body.events?.length).toBeGreaterThan(32);
      expect(newViolations()).toEqual([]);
    });
  });
});
