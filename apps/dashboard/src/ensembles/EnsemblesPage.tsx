import { useApi } from '../api/api-context';
import type { EnsembleSummary } from '../api/types';
import { useResource } from '../api/use-resource';
import { PageHeader } from '../ui/Section';
import { EmptyState, ErrorNotice, Loading } from '../ui/States';
import { useTitle } from '../ui/use-title';

export function EnsemblesPage() {
  const api = useApi();
  useTitle('Ensembles');
  const ensembles = useResource('ensembles', (signal) =>
    api.get<{ ensembles: EnsembleSummary[] }>('/api/ensembles', signal),
  );

  return (
    <>
      <PageHeader title="Ensembles">The workflows this Baton runs, at their latest revision.</PageHeader>
      {ensembles.error && (
        <ErrorNotice
          title="Could not load the ensembles"
          failure={ensembles.error}
          onRetry={ensembles.reload}
        />
      )}
      {!ensembles.data && !ensembles.error && <Loading what="ensembles" />}
      {ensembles.data &&
        (ensembles.data.ensembles.length === 0 ? (
          <div class="card">
            <EmptyState title="No ensembles registered">
              <p>
                Put ensemble YAML files in <code>ENSEMBLES_DIR</code> and restart, or register one with{' '}
                <code>POST /api/ensembles</code>.
              </p>
            </EmptyState>
          </div>
        ) : (
          <ul class="ensemble-grid">
            {ensembles.data.ensembles.map((ensemble) => (
              <li key={ensemble.name} class="card ensemble-card">
                <div class="ensemble-card-head">
                  <a class="ensemble-name" href={`/ensembles/${encodeURIComponent(ensemble.name)}`}>
                    {ensemble.name}
                  </a>
                  <span class="chip chip-quiet">revision {ensemble.revision}</span>
                </div>
                <p class={ensemble.description ? 'ensemble-description' : 'ensemble-description muted'}>
                  {ensemble.description ?? 'No description.'}
                </p>
                <div class="ensemble-meta">
                  {ensemble.triggers.length === 0 ? (
                    <span class="chip chip-quiet">API only</span>
                  ) : (
                    ensemble.triggers.map((trigger, index) => (
                      <span key={index} class="chip">
                        {trigger.type}
                      </span>
                    ))
                  )}
                  <span class="muted small">
                    {ensemble.agents.length} {ensemble.agents.length === 1 ? 'agent' : 'agents'}
                  </span>
                </div>
                <div class="ensemble-links">
                  <a href={`/ensembles/${encodeURIComponent(ensemble.name)}`}>Start a run</a>
                  <a href={`/runs?ensemble=${encodeURIComponent(ensemble.name)}`}>Runs</a>
                </div>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
