import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardAssets } from './dashboard-assets';
import { dashboardAnswer, SERVER_PREFIXES } from './dashboard-routes';

describe('dashboardAnswer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-dashboard-routes-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><!--baton-config-->');
  writeFileSync(join(dir, 'assets', 'index-1.js'), 'x');
  const assets = DashboardAssets.load(dir, { publicUrl: 'http://127.0.0.1:8080', traceUrl: null });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SERVER_PREFIXES.flatMap((prefix) => [`/${prefix}`, `/${prefix}/x`, `/${prefix}/x?y=1`]))(
    'leaves %s to the server',
    (path) => {
      expect(dashboardAnswer(path, assets)).toEqual({ kind: 'none', reason: 'no such route' });
    },
  );

  it('serves a built file by its exact path, and the page for a client route', () => {
    expect(dashboardAnswer('/assets/index-1.js?v=2', assets)).toMatchObject({ kind: 'file' });
    expect(dashboardAnswer('/runs/abc', assets)).toMatchObject({ kind: 'page' });
    expect(dashboardAnswer('/apis', assets)).toMatchObject({ kind: 'page' });
  });

  it('never reads a file outside the build: files are a map of what was built, not a path on disk', () => {
    expect(dashboardAnswer('/assets/../../package.json', assets)).toEqual({
      kind: 'none',
      reason: 'no such file',
    });
    const climbing = dashboardAnswer('/..%2f..%2fetc%2fpasswd', assets);
    expect(climbing).toMatchObject({ kind: 'page', asset: { path: '/index.html' } });
  });
});
