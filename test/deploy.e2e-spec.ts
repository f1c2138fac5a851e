/**
 * The deployment artefacts (Dockerfile, docker-compose.yml, deploy/k8s), checked without Docker or
 * a cluster: against the Compose Specification schema and the Kubernetes API types (each overlay
 * rendered by the real kustomize), against libs/config (services, ports, variables) and the build
 * output. NATS's configuration is run for real in deploy-nats.e2e-spec.ts and cluster.e2e-spec.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import draft07MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json';
import addFormats from 'ajv-formats';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ConfigMap, Container, Secret, Service as KubernetesService } from 'kubernetes-types/core/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { parse } from 'yaml';
import { dockerfileStages, execForm } from './fixtures/deploy/support/dockerfile-stages';
import {
  readCompose,
  readEnvFile,
  readManifests,
  withDefaults,
  type KubernetesDocument,
} from './fixtures/deploy/support/deploy-files';
import {
  BUILT,
  CONCERNS,
  DEPLOYED,
  expectValidConfiguration,
  healthPortOf,
  INGRESS_PORT,
  mainOf,
  present,
  variablesOf,
} from './fixtures/deploy/support/deployed-services';
import { kubernetesTypeErrors } from './fixtures/deploy/support/kubernetes-type-errors';
import { renderOverlay } from './fixtures/deploy/support/kustomize';
import { ROOT } from './support/processes';

const FIXTURES = join(ROOT, 'test/fixtures/deploy');
const K8S = join(ROOT, 'deploy/k8s');
const NATS_USERS = [...DEPLOYED, 'provision', 'admin'];
/** `baton provision` in the image: compose's one-shot service and the Kubernetes Job. */
const PROVISION_COMMAND = ['node', 'dist/apps/cli/src/main.js', 'provision'];

describe('the deployed services', () => {
  it('are every service built, and each one deployed is built', () => {
    expect(BUILT.filter((name) => !(DEPLOYED as readonly string[]).includes(name))).toEqual([]);
    for (const name of DEPLOYED) {
      expect({ name, runnable: existsSync(join(ROOT, mainOf(name)[1])) }).toEqual({
        name,
        runnable: true,
      });
    }
  });
});

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

  it('runs the six services and the one-shot provision, and only those, from the one image with its own main.js', () => {
    const baton = Object.keys(compose.services).filter(
      (name) => compose.services[name].image === 'baton:local',
    );
    expect(baton.sort()).toEqual([...DEPLOYED, 'provision'].sort());
    expect(compose.services.provision.command).toEqual(PROVISION_COMMAND);
    for (const name of DEPLOYED) {
      expect(compose.services[name].build).toBe('.');
      expect(compose.services[name].command).toEqual(mainOf(name));
    }
  });

  it("checks each service's health on the port libs/config gives it, and publishes ingress on 8080", () => {
    for (const name of DEPLOYED) {
      const port = healthPortOf(name);
      const env = environmentOf(name);
      expect(Number(env[name === 'ingress' ? 'INGRESS_PORT' : 'HEALTH_PORT'])).toBe(port);
      expect(compose.services[name].healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    }
    expect(compose.services.ingress.ports).toEqual([`127.0.0.1:${INGRESS_PORT}:${INGRESS_PORT}`]);
  });

  it('sets only variables libs/config reads, with values it accepts', () => {
    for (const name of DEPLOYED) expectValidConfiguration(name, environmentOf(name));
  });

  it('connects each service to NATS as its own user, whose password the NATS container gets', () => {
    const natsEnv = compose.services.nats.environment ?? {};
    for (const name of DEPLOYED) {
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

  it('provisions NATS as the provision user once it is healthy, and the services only check the layout after', () => {
    const url = new URL(environmentOf('provision').NATS_URL);
    expect(url.username).toBe('provision');
    expect(withDefaults(String(compose.services.nats.environment?.NATS_PROVISION_PASSWORD))).toBe(
      url.password,
    );
    expect(compose.services.provision.depends_on).toEqual({ nats: { condition: 'service_healthy' } });
    expect(compose.services.provision.restart).toBe('no');
    for (const name of DEPLOYED) {
      expect(compose.services[name].depends_on).toMatchObject({
        provision: { condition: 'service_completed_successfully' },
      });
      expect(environmentOf(name).BATON_PROVISION).toBe('off');
    }
  });

  it('starts the services once NATS and PostgreSQL are healthy, with the examples as ENSEMBLES_DIR and traces to Jaeger', () => {
    for (const name of DEPLOYED) {
      expect(compose.services[name].depends_on).toMatchObject({
        nats: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        jaeger: { condition: 'service_started' },
      });
      expect(environmentOf(name).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
    }
    expect(environmentOf('ingress').ENSEMBLES_DIR).toBe('/ensembles');
    expect(compose.services.ingress.volumes).toContain('./examples/ensembles:/ensembles:ro');
    expect(compose.services.jaeger.ports).toEqual(['127.0.0.1:16686:16686', '127.0.0.1:4318:4318']);
  });

  it("gives the examples' secrets to the services that read them, so the README's webhook example verifies", () => {
    const devEnv = readEnvFile(join(ROOT, 'examples/dev.env'));
    for (const name of ['ingress', 'orchestrator', 'worker']) {
      expect(compose.services[name].env_file).toEqual(['examples/dev.env']);
    }
    // The README's line: `baton webhook send <path> --scheme … --secret <s>` against 127.0.0.1:8080.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const [, path, secret] = present(
      /baton webhook send (\S+) --scheme \S+ --secret (\S+)/.exec(readme),
      "the README's webhook example",
    );
    const trigger = readdirSync(join(ROOT, 'examples/ensembles'))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => readFileSync(join(ROOT, 'examples/ensembles', file), 'utf8'))
      .find((text) => text.includes(`path: ${path}`));
    const variable = present(/secret: \$\{env\.(\w+)\}/.exec(trigger ?? '')?.[1], `the secret of ${path}`);
    expect(devEnv[variable]).toBe(secret);
  });
});

describe('deploy/k8s', () => {
  const base = parse(readFileSync(join(K8S, 'base/kustomization.yaml'), 'utf8')) as { resources: string[] };

  it('lists every manifest of base/ in its kustomization.yaml', () => {
    const files = readdirSync(join(K8S, 'base')).filter(
      (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
    );
    expect([...base.resources].sort()).toEqual(files.sort());
  });

  it('would be refused by the type check with a misspelt field or a wrongly typed value', () => {
    const errors = kubernetesTypeErrors(readManifests(FIXTURES, ['invalid-deployment.yaml']), ROOT);
    expect(errors.join('\n')).toMatch(/livenessProbes\W+ does not exist in type 'Container'/);
    expect(errors.join('\n')).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('gives the scheduler and the projector fixed replicas, with the reason beside each', () => {
    const reason = (name: string) => readFileSync(join(K8S, `base/deployment-${name}.yaml`), 'utf8');
    expect(reason('scheduler')).toMatch(/^# scheduler: .*no HPA: the replicas share one lease/m);
    expect(reason('projector')).toMatch(/^# projector: .*Exactly one replica/m);
  });

  describe.each(['dev', 'prod'])('overlays/%s, rendered by kustomize', (overlay) => {
    const manifests: KubernetesDocument[] = renderOverlay(K8S, overlay);
    const ofKind = <T>(kind: string) =>
      manifests.filter((m) => m.document.kind === kind).map((m) => m.document as unknown as T);
    const deployments = ofKind<Deployment>('Deployment');
    const deploymentOf = (name: string) =>
      present(
        deployments.find((d) => d.metadata?.name === `baton-${name}`)?.spec,
        `Deployment baton-${name}`,
      );
    const podOf = (name: string) =>
      present(deploymentOf(name).template.spec, `the pod spec of baton-${name}`);
    const containerOf = (name: string): Container => podOf(name).containers[0];
    const configMap = present(
      ofKind<ConfigMap>('ConfigMap').find((c) => c.metadata?.name === 'baton-config'),
      'ConfigMap baton-config',
    );
    /** A generated Secret (its name carries a hash suffix) as plain key → value. */
    const secret = (name: string): Record<string, string> => {
      const found = present(
        ofKind<Secret>('Secret').find((s) => s.metadata?.name?.startsWith(`${name}-`)),
        `Secret ${name}`,
      );
      return Object.fromEntries(
        Object.entries(found.data ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value, 'base64').toString(),
        ]),
      );
    };
    const secretOf = (ref: { name?: string; key: string }) =>
      secret(present(ref.name, 'a secret name').replace(/-[a-z0-9]{10}$/, ''))[ref.key];

    it('fits the Kubernetes API type of each kind, field by field', () => {
      expect(kubernetesTypeErrors(manifests, ROOT)).toEqual([]);
    });

    it('has one Deployment per service, running its main.js, in the baton namespace', () => {
      expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(
        [...DEPLOYED].sort().map((name) => `baton-${name}`),
      );
      for (const name of DEPLOYED) expect(containerOf(name).command).toEqual(mainOf(name));
      const elsewhere = manifests
        .filter((m) => m.document.kind !== 'Namespace')
        .filter((m) => (m.document.metadata as { namespace?: string }).namespace !== 'baton')
        .map((m) => m.source);
      expect(elsewhere).toEqual([]);
    });

    it("probes /healthz and /readyz, with resources, and is scraped at /metrics on each service's port", () => {
      for (const name of DEPLOYED) {
        const port = healthPortOf(name);
        const container = containerOf(name);
        const named = container.ports?.[0];
        expect(named?.containerPort).toBe(port);
        expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: named?.name });
        expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: named?.name });
        expect(container.resources?.requests).toMatchObject({
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        expect(container.resources?.limits).toMatchObject({
          cpu: expect.anything(),
          memory: expect.any(String),
        });
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
      for (const name of DEPLOYED) {
        const env: Record<string, string> = { ...configMap.data };
        for (const variable of containerOf(name).env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          const value = ref === undefined ? variable.value : secretOf(ref);
          if (ref !== undefined && value === undefined)
            expect({ optional: ref.optional, ref }).toEqual({ optional: true, ref });
          if (value !== undefined && value !== '') env[variable.name] = value;
        }
        expectValidConfiguration(name, env, known);
      }
    });

    it("mounts the ensembles' ConfigMap into ingress at ENSEMBLES_DIR", () => {
      const volume = podOf('ingress').volumes?.find((v) => v.name === 'ensembles');
      const mounted = present(volume?.configMap?.name, 'the ensembles volume');
      expect(ofKind<ConfigMap>('ConfigMap').find((c) => c.metadata?.name === mounted)?.data).toHaveProperty([
        'hello.yaml',
      ]);
      expect(containerOf('ingress').volumeMounts).toContainEqual(
        expect.objectContaining({ name: 'ensembles', mountPath: configMap.data?.ENSEMBLES_DIR }),
      );
    });

    it('connects each service to NATS as its own user, through the secret the overlay generates', () => {
      expect(Object.keys(secret('baton-nats')).sort()).toEqual([...DEPLOYED, 'provision'].sort());
      for (const name of DEPLOYED) {
        const ref = present(
          containerOf(name).env?.find((variable) => variable.name === 'NATS_URL')?.valueFrom?.secretKeyRef,
          `the NATS_URL of ${name}`,
        );
        expect(ref.key).toBe(name);
        const servers = secretOf(ref).split(',');
        expect(servers.map((server) => new URL(server).username)).toEqual(servers.map(() => name));
      }
    });

    it('runs `baton provision` as the provision user in a Job, and the services only check the layout', () => {
      const [job, ...others] = ofKind<Job>('Job');
      expect(others).toEqual([]);
      const pod = present(job?.spec?.template.spec, 'the Job pod');
      expect(pod.restartPolicy).toBe('OnFailure');
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      const [container] = pod.containers;
      expect(container.command).toEqual(PROVISION_COMMAND);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
      const ref = present(
        container.env?.find((variable) => variable.name === 'NATS_URL')?.valueFrom?.secretKeyRef,
        'the NATS_URL of the Job',
      );
      expect(ref.key).toBe('provision');
      const servers = secretOf(ref).split(',');
      expect(servers.map((server) => new URL(server).username)).toEqual(servers.map(() => 'provision'));
      for (const variable of ['JETSTREAM_REPLICAS', 'BATON_PARTITIONS']) {
        const from = container.env?.find((v) => v.name === variable)?.valueFrom?.configMapKeyRef;
        expect([variable, from?.name]).toEqual([variable, 'baton-config']);
      }
      expect(configMap.data?.BATON_PROVISION).toBe('off');
    });

    it('autoscales ingress, orchestrator, worker and notifier, keeps the scheduler and projector fixed', () => {
      const autoscaled = ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').map(
        (h) => h.spec?.scaleTargetRef.name,
      );
      expect(autoscaled.sort()).toEqual([
        'baton-ingress',
        'baton-notifier',
        'baton-orchestrator',
        'baton-worker',
      ]);
      // Two projector pullers could apply one run's events out of order.
      expect(deploymentOf('projector')).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    });

    it('runs every container as a non-root user that cannot write its filesystem or escalate', () => {
      for (const name of DEPLOYED) {
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

    if (overlay === 'prod') {
      it('replicates every stream three times on a three-node cluster, and protects ingress and orchestrator', () => {
        expect(configMap.data?.JETSTREAM_REPLICAS).toBe('3');
        for (const url of Object.values(secret('baton-nats'))) expect(url.split(',')).toHaveLength(3);
        expect(deploymentOf('scheduler').replicas).toBe(2);
        const budgets = ofKind<PodDisruptionBudget>('PodDisruptionBudget').map(
          (p) => p.spec?.selector?.matchLabels?.['app.kubernetes.io/component'],
        );
        expect(budgets.sort()).toEqual(['ingress', 'orchestrator']);
      });
    } else {
      it('runs one replica of each service on one NATS server, without disruption budgets', () => {
        expect(configMap.data?.JETSTREAM_REPLICAS).toBe('1');
        expect(deployments.map((d) => d.spec?.replicas)).toEqual(deployments.map(() => 1));
        expect(ofKind('PodDisruptionBudget')).toEqual([]);
        expect(
          ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').map((h) => h.spec?.minReplicas),
        ).toEqual([1, 1, 1, 1]);
      });
    }
  });
});
