import { Module, type DynamicModule } from '@nestjs/common';
import { loadConfig, DatabaseConfig } from '@baton/config';
import { openReadModels } from '@baton/persistence';
import type { ServiceContext } from '@baton/runtime';
import { ProjectorLoops } from './projector-loops';

@Module({})
export class ProjectorModule {
  static async forRoot({ nc, checks, metrics }: ServiceContext): Promise<DynamicModule> {
    const orm = await openReadModels(loadConfig(DatabaseConfig).DATABASE_URL);
    checks.register('postgres', () => orm.isConnected());
    return {
      module: ProjectorModule,
      providers: [{ provide: ProjectorLoops, useValue: new ProjectorLoops(nc, orm, metrics) }],
    };
  }
}
