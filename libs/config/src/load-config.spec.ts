import { IsOptional } from 'class-validator';
import { ConfigError } from './config-error';
import { Sensitive } from './config-metadata';
import { IsIntegerBetween, IsNonEmptyString } from './config-validators';
import { DatabaseConfig } from './concerns/database-config';
import { IngressConfig } from './concerns/ingress-config';
import { NatsConfig } from './concerns/nats-config';
import { TelemetryConfig } from './concerns/telemetry-config';
import { loadConfig, loadConfigs } from './load-config';

class RetentionConfig {
  @IsIntegerBetween(1, 30)
  RETENTION_DAYS = 7;

  @Sensitive()
  @IsOptional()
  @IsNonEmptyString()
  ARCHIVE_TOKEN?: string;
}

function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('returns a frozen instance of the concern', () => {
    const config = loadConfig(IngressConfig, {});
    expect(config).toBeInstanceOf(IngressConfig);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { INGRESS_PORT: number }).INGRESS_PORT = 1;
    }).toThrow(TypeError);
  });

  it('lists every invalid variable of the concern at once, with the code invalid-config', () => {
    const error = configErrorOf(() =>
      loadConfig(IngressConfig, { INGRESS_PORT: 'abc', MAX_BODY_BYTES: '-5' }),
    );
    expect(error.code).toBe('invalid-config');
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(['INGRESS_PORT', 'MAX_BODY_BYTES']);
  });

  it('ignores variables the concern does not declare', () => {
    expect(loadConfig(RetentionConfig, { PATH: '/usr/bin', RETENTION_DAYS: '3' })).toEqual(
      Object.assign(new RetentionConfig(), { RETENTION_DAYS: 3 }),
    );
  });

  it('never echoes the value of a sensitive variable in an error', () => {
    const error = configErrorOf(() =>
      loadConfig(DatabaseConfig, { DATABASE_URL: 'mysql://root:hunter2@db/x' }),
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.issues[0].message).toContain('value hidden');
  });

  it('says a required variable without default is not set', () => {
    class RequiredConfig {
      @IsNonEmptyString()
      REGION!: string;
    }
    expect(() => loadConfig(RequiredConfig, {})).toThrow('REGION must be a non-empty string (not set)');
  });

  it('reads process.env when no environment is given', () => {
    process.env.RETENTION_DAYS = '12';
    try {
      expect(loadConfig(RetentionConfig).RETENTION_DAYS).toBe(12);
    } finally {
      delete process.env.RETENTION_DAYS;
    }
  });
});

describe('loadConfigs', () => {
  it("returns each of a service's concerns under its name, frozen", () => {
    const configs = loadConfigs({ nats: NatsConfig, telemetry: TelemetryConfig }, { LOG_LEVEL: 'warn' });
    expect(configs.telemetry.LOG_LEVEL).toBe('warn');
    expect(configs.nats.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(Object.isFrozen(configs)).toBe(true);
  });

  it('lists the invalid variables of all concerns in one error', () => {
    const error = configErrorOf(() =>
      loadConfigs(
        { nats: NatsConfig, ingress: IngressConfig, telemetry: TelemetryConfig },
        { NATS_URL: 'x', LOG_LEVEL: 'loud' },
      ),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual(['NATS_URL', 'LOG_LEVEL']);
  });

  it('reports a variable shared by two concerns once', () => {
    const error = configErrorOf(() =>
      loadConfigs({ a: RetentionConfig, b: RetentionConfig }, { RETENTION_DAYS: '99' }),
    );
    expect(error.issues).toHaveLength(1);
  });
});
