import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Added as the `service` label of every series. */
  readonly service: string;
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly defaultMetrics?: boolean;
}

/**
 * The process's Prometheus registry. One instance per process, passed to whoever records metrics
 * (no module-level registry, so tests and several services in one process stay apart).
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(options: MetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The counter `name`, created on first use; later calls return the same counter. */
  counter<L extends string = string>(name: string, help: string, labels: readonly L[] = []): Counter<L> {
    return (
      this.existing(name, Counter) ??
      new Counter<L>({ name, help, labelNames: labels, registers: [this.registry] })
    );
  }

  /** The histogram `name` (seconds by convention), created on first use. */
  histogram<L extends string = string>(
    name: string,
    help: string,
    labels: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    return (
      this.existing(name, Histogram) ??
      new Histogram<L>({
        name,
        help,
        labelNames: labels,
        registers: [this.registry],
        ...(buckets ? { buckets } : {}),
      })
    );
  }

  /**
   * The gauge `name`, created on first use. With `collect`, its value is read at each scrape
   * (a queue's length, a breaker's state) instead of being set by the caller.
   */
  gauge<L extends string = string>(
    name: string,
    help: string,
    labels: readonly L[] = [],
    collect?: (gauge: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    return (
      this.existing(name, Gauge) ??
      new Gauge<L>({
        name,
        help,
        labelNames: labels,
        registers: [this.registry],
        ...(collect
          ? {
              collect: function (this: Gauge<L>) {
                return collect(this);
              },
            }
          : {}),
      })
    );
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private existing<M>(name: string, kind: abstract new (...args: never[]) => M): M | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) throw new Error(`metric ${name} is already registered with another type`);
    return metric;
  }
}
