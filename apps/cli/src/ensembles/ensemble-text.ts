import type { EnsembleDetail, EnsembleSummary, TriggerView } from '@baton/client';
import { formatTable } from '../formatting/text-table';
import { secretVariableOf } from '../webhooks/webhook-trigger';
import { triggersText } from './trigger-text';

const LABEL_WIDTH = 13;

/** `baton ensembles`: one row per ensemble, how it starts last (it is the longest). */
export function formatEnsembleList(ensembles: readonly EnsembleSummary[], ingressUrl: string): string {
  if (ensembles.length === 0) return 'no ensembles: add YAML files to ENSEMBLES_DIR, or register one\n';
  const rows = [...ensembles]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((ensemble) => [
      ensemble.name,
      `r${ensemble.revision}`,
      ensemble.version ?? '—',
      String(ensemble.agents.length),
      triggersText(ensemble.triggers, ingressUrl),
    ]);
  return formatTable(['NAME', 'REV', 'VERSION', 'AGENTS', 'STARTS ON'], rows);
}

/** `baton ensembles show <name>`: labelled lines, then its triggers and its agents in order. */
export function formatEnsembleDetail(ensemble: EnsembleDetail, ingressUrl: string): string {
  const version = ensemble.version === null ? '' : `, version ${ensemble.version}`;
  const lines: [string, string][] = [
    ['ensemble', `${ensemble.name} (revision ${ensemble.revision}${version})`],
    ['revisions', ensemble.revisions.join(', ')],
  ];
  if (ensemble.description) lines.push(['description', ensemble.description]);
  const head = lines.map(([label, value]) => `${label.padEnd(LABEL_WIDTH)}${value}`).join('\n');
  const triggers =
    ensemble.triggers.length === 0
      ? '  manual (no trigger declared: baton run, or the API)\n'
      : formatTable(
          ['TYPE', 'STARTS ON', 'DETAIL'],
          ensemble.triggers.map((trigger) => [
            trigger.type,
            triggersText([trigger], ingressUrl),
            detailOf(trigger),
          ]),
          { indent: '  ' },
        );
  const agents = formatTable(
    ['#', 'AGENT', 'OPERATION', 'AFTER'],
    ensemble.agents.map((agent, index) => [
      String(index + 1),
      agent.name,
      agent.operation,
      agent.dependsOn.join(', '),
    ]),
    { indent: '  ' },
  );
  return `${head}\n\nTriggers:\n${triggers}\nAgents:\n${agents}`;
}

/** What a sender needs besides the URL: where the signature goes and where the secret comes from. */
function detailOf(trigger: TriggerView): string {
  if (trigger.type !== 'webhook') return '';
  const variable = secretVariableOf(trigger);
  return [
    trigger.auth?.header ? `signature in ${trigger.auth.header}` : '',
    variable
      ? `secret from ${variable}`
      : trigger.auth?.secret !== undefined
        ? 'secret in the definition'
        : '',
  ]
    .filter(Boolean)
    .join(', ');
}
