import { ConfigError } from '../config-error';
import { loadConfig } from '../load-config';
import { asPlainData, configClassNamed, fixture } from '../testing/config-fixtures';
import { HEALTH_PORT_DEFAULTS, healthConfigFor, type ServiceWithHealthPort } from './health-config';
import { WorkerConfig } from './worker-config';
import { OPERATIONS } from '@baton/model';

interface OverrideCase {
  config: string;
  env: Record<string, string>;
  expect: Record<string, unknown>;
}
interface RejectionCase {
  config: string;
  env: Record<string, string>;
  message?: string;
  contains?: string[];
}

const defaults = fixture<Record<string, Record<string, unknown>>>('defaults.yaml');
const overrides = fixture<OverrideCase[]>('overrides.yaml');
const rejections = fixture<RejectionCase[]>('rejections.yaml');
const healthPorts = fixture<Record<ServiceWithHealthPort, number>>('health-ports.yaml');

function rejectionOf(configName: string, env: Record<string, string>): ConfigError {
  try {
    loadConfig(configClassNamed(configName), env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${configName} accepted ${JSON.stringify(env)}`);
}

describe('configuration concerns', () => {
  it.each(Object.entries(defaults))(
    '%s takes the defaults of interfaces.md when nothing is set',
    (name, expected) => {
      expect(asPlainData(loadConfig(configClassNamed(name), {}), Object.keys(expected))).toEqual(expected);
    },
  );

  it.each(overrides.map((c) => [c.config, JSON.stringify(c.env), c] as const))(
    '%s reads %s from the environment',
    (_name, _env, { config, env, expect: expected }) => {
      expect(asPlainData(loadConfig(configClassNamed(config), env), Object.keys(expected))).toEqual(expected);
    },
  );

  it.each(rejections.map((c) => [c.config, JSON.stringify(c.env), c] as const))(
    '%s rejects %s with one line saying why',
    (_name, _env, { config, env, message, contains }) => {
      const error = rejectionOf(config, env);
      expect(error.issues).toHaveLength(1);
      if (message !== undefined) expect(error.issues[0].message).toBe(message);
      for (const part of contains ?? []) expect(error.issues[0].message).toContain(part);
      expect(error.message).toContain(error.issues[0].message);
    },
  );

  it('exports the documented HEALTH_PORT of every service', () => {
    expect(HEALTH_PORT_DEFAULTS).toEqual(healthPorts);
  });

  it.each(Object.keys(HEALTH_PORT_DEFAULTS) as ServiceWithHealthPort[])(
    "the %s's HealthConfig defaults HEALTH_PORT to its own port and reads an override",
    (service) => {
      expect(loadConfig(healthConfigFor(service), {}).HEALTH_PORT).toBe(healthPorts[service]);
      expect(loadConfig(healthConfigFor(service), { HEALTH_PORT: '9999' }).HEALTH_PORT).toBe(9999);
    },
  );

  it('returns the same HealthConfig class for a service on every call, so it can be an injection token', () => {
    expect(healthConfigFor('worker')).toBe(healthConfigFor('worker'));
    expect(healthConfigFor('worker')).not.toBe(healthConfigFor('notifier'));
  });

  it('rejects a HEALTH_PORT that is not a port', () => {
    expect(() => loadConfig(healthConfigFor('scheduler'), { HEALTH_PORT: '-1' })).toThrow(
      "HEALTH_PORT must be an integer between 1 and 65535 (got '-1')",
    );
  });

  it('runs every operation by default, and when WORKER_OPERATIONS is all', () => {
    expect(loadConfig(WorkerConfig, {}).WORKER_OPERATIONS).toEqual(OPERATIONS);
    expect(loadConfig(WorkerConfig, { WORKER_OPERATIONS: 'ALL' }).WORKER_OPERATIONS).toEqual(OPERATIONS);
  });
});
