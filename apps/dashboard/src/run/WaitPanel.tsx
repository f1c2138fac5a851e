import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import type { ApiFailure } from '../api/client';
import { Timestamp } from '../ui/time';
import type { OpenWait as Wait } from './open-waits';

/** The run's open waits, each approved or rejected here (`POST /api/waits/<key>`). */
export function WaitPanel({ waits, onResolved }: { waits: readonly Wait[]; onResolved: () => void }) {
  return (
    <section class="notice notice-waiting" aria-labelledby="waits-title">
      <div class="wait-list">
        <strong id="waits-title">
          {waits.length === 1 ? 'Waiting for a decision' : `Waiting for ${waits.length} decisions`}
        </strong>
        {waits.map((wait) => (
          <WaitRow key={wait.key} wait={wait} onResolved={onResolved} />
        ))}
      </div>
    </section>
  );
}

function WaitRow({ wait, onResolved }: { wait: Wait; onResolved: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  const resolve = async (action: 'approve' | 'reject') => {
    setBusy(action);
    try {
      await api.post(`/api/waits/${encodeURIComponent(wait.key)}`, { action });
      setOutcome({ ok: true, text: action === 'approve' ? 'Approved: the run goes on.' : 'Rejected.' });
      onResolved();
    } catch (failure) {
      setOutcome({ ok: false, text: `Could not ${action}: ${(failure as ApiFailure).describe()}` });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div class="wait-row" data-wait-key={wait.key}>
      <div>
        <span class="mono">{wait.agent}</span> waits under key <span class="mono">{wait.key}</span>
        {wait.timeoutAt && (
          <span class="muted small">
            {' '}
            · times out at <Timestamp iso={wait.timeoutAt} />
          </span>
        )}
        {outcome && (
          <p class={outcome.ok ? 'field-ok' : 'field-error'} role="status">
            {outcome.text}
          </p>
        )}
      </div>
      <div class="actions">
        <button
          type="button"
          class="button button-primary"
          disabled={busy !== undefined || outcome?.ok}
          onClick={() => void resolve('approve')}
        >
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        <button
          type="button"
          class="button button-danger"
          disabled={busy !== undefined || outcome?.ok}
          onClick={() => void resolve('reject')}
        >
          {busy === 'reject' ? 'Rejecting…' : 'Reject'}
        </button>
      </div>
    </div>
  );
}
