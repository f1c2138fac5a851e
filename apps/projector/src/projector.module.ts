import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfig, DatabaseConfig } from '@baton/config';
import { closeOrm, openReadModels, RunProjector, type ReadModelOrm } from '@baton/persistence';
import type { ServiceContext } from '@baton/runtime';
import { RunEventsHandler } from './run-events.handler';

const ORM = Symbol('ORM');

@Module({})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(@Inject(ORM) private readonly orm: ReadModelOrm) {}

  static async forRoot({ checks }: ServiceContext): Promise<DynamicModule> {
    const orm = await openReadModels(loadConfig(DatabaseConfig).DATABASE_URL);
    checks.register('postgres', () => orm.isConnected());
    return {
      module: ProjectorModule,
      controllers: [RunEventsHandler],
      providers: [
        { provide: ORM, useValue: orm },
        { provide: RunProjector, useValue: new RunProjector(orm) },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await closeOrm(this.orm);
  }
}
