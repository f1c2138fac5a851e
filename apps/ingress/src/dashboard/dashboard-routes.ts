import type { DashboardAsset, DashboardAssets } from './dashboard-assets';

/**
 * First path segments that belong to the server (interfaces.md): the dashboard never answers under
 * them, so an unknown `/api/…` or `/metrics/…` stays a JSON 404 and never turns into a page.
 */
export const SERVER_PREFIXES = ['api', 'webhooks', 'approvals', 'healthz', 'readyz', 'metrics'] as const;

export type DashboardAnswer =
  | { readonly kind: 'file'; readonly asset: DashboardAsset }
  | { readonly kind: 'page'; readonly asset: DashboardAsset }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * What `GET <path>` answers: a built file; the page itself for a client route (`/runs/<id>`, any
 * path without a file extension: the page's router shows its own "not found"); or nothing.
 */
export function dashboardAnswer(rawPath: string, assets: DashboardAssets): DashboardAnswer {
  const path = decodedPath(rawPath);
  if (path === undefined) return { kind: 'none', reason: 'no such route' };
  const first = path.split('/')[1] ?? '';
  if ((SERVER_PREFIXES as readonly string[]).includes(first))
    return { kind: 'none', reason: 'no such route' };
  const page = assets.page();
  if (!page) return { kind: 'none', reason: 'the dashboard is not built: run `npm run build`' };
  if (path === '/index.html') return { kind: 'page', asset: page };
  const file = assets.file(path);
  if (file) return { kind: 'file', asset: file };
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.') ? { kind: 'none', reason: 'no such file' } : { kind: 'page', asset: page };
}

/** The path without its query, percent-decoded; undefined when the encoding is broken. */
function decodedPath(url: string): string | undefined {
  const path = url.split('?')[0].split('#')[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined; // a malformed %-escape names no file and no client route
  }
}
