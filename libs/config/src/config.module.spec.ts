import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from './config-error';
import { ConfigModule } from './config.module';
import { IngressConfig } from './concerns/ingress-config';
import { TelemetryConfig } from './concerns/telemetry-config';

@Injectable()
class NeedsConfig {
  constructor(
    readonly ingress: IngressConfig,
    readonly telemetry: TelemetryConfig,
  ) {}
}

describe('ConfigModule', () => {
  it('provides each validated concern under its class to every module', async () => {
    @Module({ providers: [NeedsConfig] })
    class FeatureModule {}

    @Module({
      imports: [
        ConfigModule.forRoot([IngressConfig, TelemetryConfig], { INGRESS_PORT: '9000' }),
        FeatureModule,
      ],
    })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const consumer = app.get(NeedsConfig);
      expect(consumer.ingress.INGRESS_PORT).toBe(9000);
      expect(consumer.telemetry.LOG_LEVEL).toBe('info');
    } finally {
      await app.close();
    }
  });

  it('stops the start with a ConfigError when a variable is invalid', () => {
    expect(() => ConfigModule.forRoot([IngressConfig], { INGRESS_PORT: 'eighty' })).toThrow(ConfigError);
  });
});
