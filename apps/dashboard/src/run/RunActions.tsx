import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import type { ApiFailure } from '../api/client';
import { hasEnded, type RunView } from '../api/types';
import { traceLink } from './trace-link';
import { usePageSettings } from '../settings-context';

/** Cancel a run in flight, start it again with the same input, open its trace. */
export function RunActions({ run, onChanged }: { run: RunView; onChanged: () => void }) {
  const api = useApi();
  const { traceUrl } = usePageSettings();
  const location = useLocation();
  const [busy, setBusy] = useState<'cancel' | 'rerun' | undefined>();
  const [error, setError] = useState<string | undefined>();
  const trace = traceLink(traceUrl, run.traceId);

  const act = async (action: 'cancel' | 'rerun') => {
    setBusy(action);
    setError(undefined);
    try {
      const answer = await api.post<{ runId: string }>(`/api/runs/${encodeURIComponent(run.id)}/${action}`);
      if (action === 'rerun') location.route(`/runs/${encodeURIComponent(answer.runId)}`);
      else onChanged();
    } catch (failure) {
      setError(`Could not ${action}: ${(failure as ApiFailure).describe()}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div class="actions">
      {!hasEnded(run.status) && (
        <button
          type="button"
          class="button button-danger"
          onClick={() => void act('cancel')}
          disabled={busy !== undefined}
        >
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel run'}
        </button>
      )}
      <button type="button" class="button" onClick={() => void act('rerun')} disabled={busy !== undefined}>
        {busy === 'rerun' ? 'Starting…' : 'Rerun'}
      </button>
      {trace && (
        <a class="button" href={trace} target="_blank" rel="noopener noreferrer">
          Open trace ↗
        </a>
      )}
      {error && (
        <p class="field-error actions-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
