import { formatTable } from '../formatting/text-table';
import { triggersText } from '../ensembles/trigger-text';
import type { EnsembleListing, SampleWebhook } from './sample-webhook';

export interface ReadyBannerInput {
  readonly ingressUrl: string;
  /** `examples/ensembles (no ./ensembles here, so the examples)`. */
  readonly ensemblesFrom: string;
  readonly services: readonly {
    readonly name: string;
    readonly healthPort: number;
    /** The services one process hosts (`--single-process`). */
    readonly hosts?: readonly string[];
  }[];
  /** NATS and PostgreSQL: the URL the services use (no credentials), and the data of one baton runs. */
  readonly servers?: readonly { readonly name: string; readonly url: string; readonly dataDir?: string }[];
  /** undefined when ingress could not list them (the reason is in `ensemblesProblem`). */
  readonly ensembles?: readonly EnsembleListing[];
  readonly ensemblesProblem?: string;
  readonly sample?: SampleWebhook;
  /** Ingress is not where the verbs look by default (INGRESS_PORT changed): they need BATON_URL. */
  readonly needsBatonUrl?: boolean;
  /** How the user runs the CLI from where they are (`./dev baton`); default `baton`. */
  readonly cli?: string;
  /**
   * Names of the ensembles registered earlier but not in the ensembles directory: left out of the
   * list, yet active (their triggers fire), so the banner names them.
   */
  readonly otherEnsembles?: readonly string[];
}

/** What `start` prints once every service is ready: where things are and what to try first. */
export function formatReadyBanner(input: ReadyBannerInput): string {
  const others = input.services.filter((service) => service.name !== 'ingress');
  const lines = [
    '',
    `Baton is ready: ${input.services.flatMap((service) => service.hosts ?? [service.name]).length} services${
      others.some((service) => service.hosts) ? ', all but ingress in one process' : ''
    }.`,
    `  ingress    ${input.ingressUrl}`,
    `  health     ${others.map((service) => `${service.name} :${service.healthPort}${service.hosts ? ` (${service.hosts.join(', ')})` : ''}`).join(' · ')}`,
    ...(input.servers ?? []).map(
      (server) =>
        `  ${server.name.padEnd(9)}  ${server.url}${server.dataDir ? `    (run by baton start, data in ${server.dataDir})` : ''}`,
    ),
    `  ensembles  ${input.ensemblesFrom}`,
    '',
  ];
  if (input.ensembles === undefined) {
    lines.push(`Could not list the ensembles: ${input.ensemblesProblem ?? 'unknown reason'}`, '');
  } else if (input.ensembles.length === 0) {
    lines.push('No ensemble is loaded: add YAML files to the ensembles directory and restart.', '');
  } else {
    const rows = input.ensembles.map((ensemble) => [
      ensemble.name,
      `r${ensemble.revision}`,
      triggersText(ensemble.triggers, input.ingressUrl),
    ]);
    lines.push('Ensembles:', formatTable(['NAME', 'REV', 'STARTS ON'], rows, { indent: '  ' }).trimEnd());
    const others = input.otherEnsembles ?? [];
    if (others.length > 0) {
      const cli = input.cli ?? 'baton';
      lines.push(
        `  Also active, registered earlier and not in this directory: ${others.join(', ')}`,
        `  (${cli} start --all lists them; ${cli} ensembles rm <name> stops one)`,
      );
    }
    lines.push('');
  }
  lines.push('Try:');
  if (input.needsBatonUrl)
    lines.push(`  export BATON_URL=${input.ingressUrl}    # where the other verbs find this ingress`);
  if (input.sample) {
    lines.push(`  ${input.sample.command}`);
    if (input.sample.unsetSecret) {
      lines.push(
        `    (${input.sample.unsetSecret} is not set: export it, then restart baton start, so ingress can check the signature)`,
      );
    }
  }
  const cli = input.cli ?? 'baton';
  lines.push(`  ${cli} runs`, `  ${cli} logs -f              # every run's events as they happen`);
  lines.push('', 'Ctrl-C stops every service.', '');
  return lines.join('\n');
}
