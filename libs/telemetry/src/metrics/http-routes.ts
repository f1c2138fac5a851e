import { trace } from '@opentelemetry/api';
import { healthRouteOf } from '../health/health-routes';
import { httpRequestMetrics } from './baton-metrics';
import type { Metrics } from './metrics';

/** The slice of a Fastify request and reply these hooks read (typed here: telemetry needs no Fastify). */
interface RouteRequest {
  readonly method: string;
  readonly url: string;
  readonly routeOptions: { readonly url?: string };
}
interface RouteReply {
  readonly statusCode: number;
  readonly elapsedTime: number;
}
type Hook = (request: RouteRequest, reply: RouteReply, done: () => void) => void;
export interface RouteHooks {
  addHook(name: 'onRequest' | 'onResponse', hook: Hook): unknown;
}

/** Requests that matched no route share one label, whatever their path (scanners try thousands). */
const UNMATCHED = 'unmatched';

/**
 * An HTTP service's requests in metrics and traces: `baton_http_requests_total` and its duration
 * histogram by method, route template (`/api/runs/:id`, never the raw path) and status; and the
 * request's server span renamed `<METHOD> <route>` with `http.route`, as the HTTP conventions ask
 * (the instrumentation sees the raw request only). Probes and scrapes are not counted.
 */
export function observeHttpRoutes(server: RouteHooks, metrics: Metrics): void {
  const requests = httpRequestMetrics(metrics);
  server.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const span = trace.getActiveSpan();
    if (route !== undefined && span !== undefined) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    done();
  });
  server.addHook('onResponse', (request, reply, done) => {
    if (healthRouteOf(request.url) === undefined) {
      const route = request.routeOptions.url ?? UNMATCHED;
      requests.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    }
    done();
  });
}
