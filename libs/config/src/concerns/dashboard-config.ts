import { IsOptional } from 'class-validator';
import { IsUrlWithScheme } from '../config-validators';

export class DashboardConfig {
  /**
   * Where the dashboard links a run's trace: a URL with `{traceId}` in it (any tracing UI), or the
   * base of a Jaeger UI (e.g. http://127.0.0.1:16686), which gets `/trace/<trace id>`. Unset: no link.
   */
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'])
  BATON_TRACE_URL?: string;
}
