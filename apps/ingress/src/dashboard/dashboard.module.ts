import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { resolve } from 'node:path';
import { DashboardConfig, PublicUrlConfig } from '@baton/config';
import { DashboardAssets } from './dashboard-assets';
import { DASHBOARD_ASSETS, DashboardController } from './dashboard.controller';

/** Where `npm run build` puts the dashboard, seen from this file's place in dist/apps/ingress/src. */
const BUILT_DASHBOARD = resolve(__dirname, '../../../dashboard');

/**
 * Serves the prebuilt dashboard (apps/dashboard) at `/`: its files, and the page for every client
 * route. Import it after the other modules' controllers (it holds the catch-all GET route).
 */
@Module({})
export class DashboardModule {
  static forRoot(options: { dir?: string } = {}): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardController],
      providers: [
        {
          provide: DASHBOARD_ASSETS,
          inject: [PublicUrlConfig, DashboardConfig],
          useFactory: (publicUrl: PublicUrlConfig, dashboard: DashboardConfig) => {
            const dir = options.dir ?? BUILT_DASHBOARD;
            const assets = DashboardAssets.load(dir, {
              publicUrl: publicUrl.BATON_PUBLIC_URL,
              traceUrl: dashboard.BATON_TRACE_URL ?? null,
            });
            if (!assets.built) new Logger(DashboardModule.name).warn(`no dashboard built in ${dir}`);
            return assets;
          },
        },
      ],
    };
  }
}
