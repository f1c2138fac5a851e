import { useState } from 'preact/hooks';
import { useApi } from './api/api-context';
import { storeApiKey } from './api/api-key-store';
import type { ApiFailure } from './api/client';
import { useTitle } from './ui/use-title';

/**
 * Asked for when the API answers 401: this Baton has BATON_API_KEY set (or is reached from beyond
 * loopback). The key is checked against the API before the pages use it.
 */
export function KeyPrompt({ refused, onAccepted }: { refused: string | undefined; onAccepted: () => void }) {
  const api = useApi();
  useTitle('API key needed');
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | undefined>(
    refused ? `The saved key was refused: ${refused}` : undefined,
  );
  const [checking, setChecking] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (key.trim() === '') {
      setError('Enter the API key.');
      return;
    }
    setChecking(true);
    storeApiKey(key.trim(), remember);
    try {
      await api.get('/api/ensembles');
      onAccepted();
    } catch (failure) {
      setError(`That key was refused: ${(failure as ApiFailure).message}`);
    } finally {
      setChecking(false);
    }
  };

  return (
    <div class="key-prompt">
      <form class="card key-card" onSubmit={(event) => void submit(event)} aria-labelledby="key-title">
        <h1 id="key-title">API key needed</h1>
        <p class="muted">
          This Baton answers its API only with a key (<code>BATON_API_KEY</code>). The dashboard sends it as{' '}
          <code>Authorization: Bearer …</code> on every request.
        </p>
        <label class="field">
          <span class="field-label">API key</span>
          <input
            type="password"
            name="api-key"
            autoComplete="off"
            autoFocus
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'key-error' : undefined}
          />
        </label>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={remember}
            onChange={(event) => setRemember(event.currentTarget.checked)}
          />
          Remember on this device (otherwise for this tab only)
        </label>
        {error && (
          <p id="key-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={checking}>
          {checking ? 'Checking…' : 'Continue'}
        </button>
      </form>
    </div>
  );
}
