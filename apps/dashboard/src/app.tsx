import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { ApiContext } from './api/api-context';
import { forgetApiKey, storedApiKey } from './api/api-key-store';
import { ApiClient } from './api/client';
import { KeyPrompt } from './KeyPrompt';
import { readPageSettings } from './settings';
import { SettingsContext } from './settings-context';
import { RunsPage } from './runs/RunsPage';
import { EnsemblesPage } from './ensembles/EnsemblesPage';
import { WebhookDeliveriesPage } from './deliveries/WebhookDeliveriesPage';
import { NotFoundPage } from './NotFoundPage';

// The heavier pages (graph layout, YAML, diff, highlighting) load when first opened.
const RunPage = lazy(() => import('./run/RunPage').then((m) => m.RunPage));
const EnsemblePage = lazy(() => import('./ensembles/EnsemblePage').then((m) => m.EnsemblePage));

export function App() {
  const settings = useMemo(readPageSettings, []);
  const [keyRequest, setKeyRequest] = useState<{ refused: string | undefined } | undefined>();
  const [session, setSession] = useState(0);
  const api = useMemo(
    () =>
      new ApiClient({
        apiKey: () => storedApiKey()?.key,
        onUnauthorized: (failure) => setKeyRequest({ refused: storedApiKey() ? failure.message : undefined }),
      }),
    [],
  );
  const accepted = () => {
    setKeyRequest(undefined);
    setSession((n) => n + 1); // every page fetches again, now with the key
  };
  const forget = () => {
    forgetApiKey();
    setSession((n) => n + 1);
  };

  return (
    <ApiContext.Provider value={api}>
      <SettingsContext.Provider value={settings}>
        <LocationProvider>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <div class="shell">
            <Sidebar keyStored={storedApiKey() !== undefined} onForget={forget} />
            <main id="main" tabIndex={-1}>
              {keyRequest ? (
                <KeyPrompt refused={keyRequest.refused} onAccepted={accepted} />
              ) : (
                <ErrorBoundary>
                  <Router key={session} onRouteChange={movedTo}>
                    <Route path="/" component={RunsPage} />
                    <Route path="/runs" component={RunsPage} />
                    <Route path="/runs/:id" component={RunPage} />
                    <Route path="/ensembles" component={EnsemblesPage} />
                    <Route path="/ensembles/:name" component={EnsemblePage} />
                    <Route path="/deliveries" component={WebhookDeliveriesPage} />
                    <Route default component={NotFoundPage} />
                  </Router>
                </ErrorBoundary>
              )}
            </main>
          </div>
        </LocationProvider>
      </SettingsContext.Provider>
    </ApiContext.Provider>
  );
}

/** A new page starts at its top, with focus on the main region for keyboard and screen-reader users. */
function movedTo(): void {
  window.scrollTo(0, 0);
  document.getElementById('main')?.focus({ preventScroll: true });
}

const NAV = [
  { href: '/runs', label: 'Runs', matches: (path: string) => path === '/' || path.startsWith('/runs') },
  { href: '/ensembles', label: 'Ensembles', matches: (path: string) => path.startsWith('/ensembles') },
  {
    href: '/deliveries',
    label: 'Webhook deliveries',
    matches: (path: string) => path.startsWith('/deliveries'),
  },
];

function Sidebar({ keyStored, onForget }: { keyStored: boolean; onForget: () => void }) {
  const { path } = useLocation();
  return (
    <nav class="sidebar" aria-label="Main">
      <a class="brand" href="/runs">
        <svg viewBox="0 0 32 32" class="brand-mark" aria-hidden="true">
          <rect x="2" y="2" width="28" height="28" rx="8" />
          <path d="M9 23 23 9" />
          <circle cx="23" cy="9" r="2.6" />
        </svg>
        Baton
      </a>
      <ul>
        {NAV.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={item.matches(path) ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      {keyStored && (
        <div class="sidebar-footer">
          <span>API key set</span>
          <button type="button" class="link-button" onClick={onForget}>
            Forget key
          </button>
        </div>
      )}
    </nav>
  );
}
