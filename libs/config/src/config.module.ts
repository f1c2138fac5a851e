import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { loadConfigs, type ConfigClass, type Env } from './load-config';

/**
 * Validates a service's configuration concerns when the app module is built (so a bad variable stops
 * the process before it connects anywhere) and provides each concern under its own class as token.
 */
@Module({})
export class ConfigModule {
  static forRoot(classes: readonly ConfigClass[], env: Env = process.env): DynamicModule {
    const configs: Record<string, object> = loadConfigs(
      Object.fromEntries(classes.map((configClass, index) => [String(index), configClass])),
      env,
    );
    const providers: Provider[] = classes.map((configClass, index) => ({
      provide: configClass,
      useValue: configs[String(index)],
    }));
    return { module: ConfigModule, global: true, providers, exports: providers };
  }
}
