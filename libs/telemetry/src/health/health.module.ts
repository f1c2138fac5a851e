import { Controller, Get, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { healthResponse, type HealthRoute } from './health-routes';
import { ReadinessChecks } from './readiness-checks';

/** The slice of Express's and Fastify's reply objects this controller uses (both have it). */
interface Reply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

@Controller()
class HealthController {
  constructor(
    @Inject(ReadinessChecks) private readonly checks: ReadinessChecks,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('healthz')
  healthz(@Res({ passthrough: true }) reply: Reply): Promise<string> {
    return this.answer('healthz', reply);
  }

  @Get('readyz')
  readyz(@Res({ passthrough: true }) reply: Reply): Promise<string> {
    return this.answer('readyz', reply);
  }

  @Get('metrics')
  prometheus(@Res({ passthrough: true }) reply: Reply): Promise<string> {
    return this.answer('metrics', reply);
  }

  private async answer(route: HealthRoute, reply: Reply): Promise<string> {
    const response = await healthResponse(route, { checks: this.checks, registry: this.metrics.registry });
    reply.status(response.status);
    reply.header('content-type', response.contentType);
    return response.body;
  }
}

export interface HealthModuleOptions {
  /** The service name, the `service` label of every metric. */
  readonly service: string;
  /** Bring your own when the process already has them (e.g. created before Nest); default: new ones. */
  readonly metrics?: Metrics;
  readonly checks?: ReadinessChecks;
}

/**
 * GET /healthz, /readyz and /metrics for a service that is an HTTP app. Global: any module can inject
 * `ReadinessChecks` to register its dependency and `Metrics` to record series.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    const providers = [
      { provide: Metrics, useValue: options.metrics ?? new Metrics({ service: options.service }) },
      { provide: ReadinessChecks, useValue: options.checks ?? new ReadinessChecks() },
    ];
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers,
      exports: providers,
    };
  }
}
