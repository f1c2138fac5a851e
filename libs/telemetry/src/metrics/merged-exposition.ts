import { Registry } from 'prom-client';

/** What /metrics serves: a prom-client `Registry`, or several merged. */
export interface MetricsExposition {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/**
 * The registries of several services in one process (`baton start --single-process`) as one
 * exposition. Each service keeps its own registry (its `service` label on every series, no name
 * clash between services' series); concatenating their texts would repeat each family's HELP and
 * TYPE lines, which Prometheus rejects, so each family is written once with every registry's series.
 */
export class MergedExposition implements MetricsExposition {
  readonly contentType: string;

  constructor(private readonly registries: readonly Registry[]) {
    this.contentType = registries[0]?.contentType ?? Registry.PROMETHEUS_CONTENT_TYPE;
  }

  async metrics(): Promise<string> {
    return mergeExpositions(await Promise.all(this.registries.map((registry) => registry.metrics())));
  }
}

interface Family {
  readonly header: string[];
  readonly samples: string[];
}

/** Prometheus text expositions merged by family (in order of first appearance). */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, Family>();
  for (const text of texts) {
    const newHere = new Set<string>();
    // Samples before any HELP/TYPE line (prom-client always writes them) form a family of their own.
    let family: Family | undefined;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const comment = /^# (?:HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        const name = comment[1];
        family = families.get(name);
        if (family === undefined) {
          family = { header: [], samples: [] };
          families.set(name, family);
          newHere.add(name);
        }
        if (newHere.has(name)) family.header.push(line);
        continue;
      }
      if (line.startsWith('#')) continue; // another comment: not part of any series
      if (family === undefined) {
        family = { header: [], samples: [] };
        families.set(`\0${families.size}`, family);
      }
      family.samples.push(line);
    }
  }
  const lines = [...families.values()].flatMap((family) => [...family.header, ...family.samples]);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
