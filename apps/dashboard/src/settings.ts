/** What ingress tells the page about itself (written into index.html when it serves it). */
export interface PageSettings {
  /** Base of webhook URLs (`BATON_PUBLIC_URL`). */
  readonly publicUrl: string;
  /** `BATON_TRACE_URL`: where a run's trace can be opened; null when not configured. */
  readonly traceUrl: string | null;
}

export function readPageSettings(): PageSettings {
  const fallback = { publicUrl: window.location.origin, traceUrl: null };
  const text = document.getElementById('baton-settings')?.textContent;
  if (!text) return fallback; // served by something other than ingress (a preview): same origin
  const parsed = JSON.parse(text) as Partial<PageSettings>;
  return {
    publicUrl: typeof parsed.publicUrl === 'string' ? parsed.publicUrl : fallback.publicUrl,
    traceUrl: typeof parsed.traceUrl === 'string' ? parsed.traceUrl : null,
  };
}
