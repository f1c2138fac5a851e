/**
 * The dashboard of an ingress with BATON_API_KEY set: the page and its files are public, the data
 * is not. The page asks for the key, refuses a wrong one, and sends the right one as a bearer token.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/chromium';
import { ROOT } from './support/processes';
import { startStack, type Stack } from './support/stack';

const API_KEY = 'e2e-dashboard-key-9b7e';
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Ingress alone: the key prompt and the ensembles list need nothing else.
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/dashboard'),
    env: { BATON_API_KEY: API_KEY },
    only: ['ingress'],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the dashboard behind an API key', () => {
  it('serves the page and its files without the key, and no data without it', async () => {
    const html = await fetch(`${stack.baseUrl}/runs`);
    expect(html.status).toBe(200);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${stack.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await stack.api('/api/runs')).status).toBe(401);
  });

  it('asks for the key, refuses a wrong one, and shows the data once given the right one', async () => {
    await page.goto(`${stack.baseUrl}/ensembles`);
    await page.getByRole('heading', { name: 'API key needed' }).waitFor();
    await screenshot(page, 'dashboard', '12-api-key-prompt');

    await page.getByLabel('API key', { exact: true }).fill('not-the-key');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('That key was refused: the API key is not valid').waitFor();

    const requests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/'))
        requests.push(request.headers().authorization ?? '');
    });
    await page.getByLabel('API key', { exact: true }).fill(API_KEY);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Ensembles', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'signup', exact: true }).waitFor();
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests)).toEqual(new Set([`Bearer ${API_KEY}`]));

    // Kept for the tab: a reload goes straight to the data; forgetting it asks again.
    await page.reload();
    await page.getByRole('link', { name: 'signup', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.getByRole('heading', { name: 'API key needed' }).waitFor();
  });
});
