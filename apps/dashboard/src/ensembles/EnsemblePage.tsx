import { useRoute } from 'preact-iso';
import { useApi } from '../api/api-context';
import type { EnsembleDetail } from '../api/types';
import { useResource } from '../api/use-resource';
import { PageHeader, Section } from '../ui/Section';
import { ErrorNotice, Loading } from '../ui/States';
import { useTitle } from '../ui/use-title';
import { DefinitionView } from './DefinitionView';
import { RevisionDiff } from './RevisionDiff';
import { StartRunForm } from './StartRunForm';
import { TriggerList } from './TriggerList';

export function EnsemblePage() {
  const { name } = useRoute().params;
  const api = useApi();
  useTitle(name);
  const path = `/api/ensembles/${encodeURIComponent(name)}`;
  const ensemble = useResource(`ensemble:${name}`, (signal) => api.get<EnsembleDetail>(path, signal));

  if (ensemble.error && !ensemble.data) {
    return (
      <>
        <PageHeader eyebrow={<a href="/ensembles">Ensembles</a>} title={name} />
        <ErrorNotice
          title={ensemble.error.status === 404 ? 'No such ensemble' : 'Could not load the ensemble'}
          failure={ensemble.error}
          onRetry={ensemble.reload}
        />
      </>
    );
  }
  if (!ensemble.data) return <Loading what="the ensemble" />;
  const detail = ensemble.data;
  const revisions = detail.revisions ?? [detail.revision];

  return (
    <>
      <PageHeader
        eyebrow={<a href="/ensembles">Ensembles</a>}
        title={detail.name}
        actions={
          <a class="button" href={`/runs?ensemble=${encodeURIComponent(detail.name)}`}>
            See its runs
          </a>
        }
      >
        <div class="meta-row">
          <span class="chip chip-quiet">revision {detail.revision}</span>
          {detail.version && <span class="chip chip-quiet">version {detail.version}</span>}
          <span class="muted">{detail.description ?? 'No description.'}</span>
        </div>
      </PageHeader>
      <div class="grid-2 grid-start">
        <Section title="Start a run" id="start">
          <StartRunForm ensemble={detail.name} schema={detail.definition.inputSchema} />
        </Section>
        <Section title="Triggers" id="triggers">
          <TriggerList triggers={detail.definition.triggers} />
        </Section>
      </div>
      <DefinitionView name={detail.name} latest={detail} revisions={revisions} />
      <Section title="Revisions" id="revisions">
        <RevisionDiff name={detail.name} revisions={revisions} />
      </Section>
    </>
  );
}
