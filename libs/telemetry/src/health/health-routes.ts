import type { MetricsExposition } from '../metrics/merged-exposition';
import type { ReadinessChecks } from './readiness-checks';

export const HEALTH_ROUTES = ['healthz', 'readyz', 'metrics'] as const;
export type HealthRoute = (typeof HEALTH_ROUTES)[number];

export interface HealthDependencies {
  readonly checks: ReadinessChecks;
  /** A service's registry, or the merged registries of a process hosting several. */
  readonly registry: MetricsExposition;
}

export interface HealthResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The answer of one health route: the one implementation behind both the Nest module and the bare server. */
export async function healthResponse(
  route: HealthRoute,
  { checks, registry }: HealthDependencies,
): Promise<HealthResponse> {
  switch (route) {
    case 'healthz':
      // The process answers, so it is alive; dependencies are /readyz's business.
      return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ status: 'ok' }) };
    case 'readyz': {
      const report = await checks.run();
      const body = report.ready
        ? { status: 'ok', checks: report.checks }
        : { status: 'unavailable', failed: report.failed, checks: report.checks };
      return { status: report.ready ? 200 : 503, contentType: JSON_TYPE, body: JSON.stringify(body) };
    }
    case 'metrics':
      return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
  }
}

/** The health route a request path names (query string ignored), if any. */
export function healthRouteOf(path: string): HealthRoute | undefined {
  const name = path.split('?')[0].replace(/^\/+|\/+$/g, '');
  return (HEALTH_ROUTES as readonly string[]).includes(name) ? (name as HealthRoute) : undefined;
}
