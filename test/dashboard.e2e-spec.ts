/**
 * The dashboard in Debian's Chromium, against the whole stack (services from dist/, a private NATS
 * and database): start a run from the page and watch it complete, approve a wait, read a failed
 * run's error, the webhook log, an ensemble's revisions. Each page's screenshot is written to
 * tmp/screenshots/dashboard for review.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/chromium';
import { ROOT, waitFor } from './support/processes';
import { hexHmac } from './support/signing';
import { startStack, type Stack } from './support/stack';

const EXPENSE_SECRET = 'e2e-expense-secret-5d1c';
const SHOTS = 'dashboard';
let stack: Stack;
let partner: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // The partner API of partner-sync: always down, so the run fails after its retries.
  partner = createServer((_request, response) => {
    response.statusCode = 503;
    response.end('{"error":"maintenance"}');
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/dashboard'),
    env: {
      E2E_EXPENSE_SECRET: EXPENSE_SECRET,
      E2E_PARTNER_URL: `http://127.0.0.1:${(partner.address() as AddressInfo).port}`,
      BATON_ALLOW_HOSTS: '127.0.0.1',
      BATON_TRACE_URL: 'http://127.0.0.1:16686/trace/{traceId}',
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await new Promise((resolve) => partner?.close(resolve));
});

async function sendExpense(id: string, deliveryId: string, signature?: string) {
  const body = JSON.stringify({ id, amount: 250 });
  const response = await fetch(`${stack.baseUrl}/webhooks/dashboard/expenses`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': signature ?? hexHmac(EXPENSE_SECRET, body),
      'x-delivery-id': deliveryId,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as { runId: string; duplicate: boolean } };
}

/** The run id of the run page on screen. */
function runIdOfPage(): string {
  const match = /\/runs\/([^/?#]+)$/.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`not on a run page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

async function runStatusOnPage(status: string, timeout = 30_000): Promise<void> {
  await page.waitForSelector(`.page-header [data-status="${status}"]`, { timeout });
}

describe('the dashboard, in Chromium', () => {
  it('is served at / by ingress with nothing else running, and says when there are no runs yet', async () => {
    const response = await page.goto(`${stack.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await page.getByText('No runs yet').waitFor();
    await screenshot(page, SHOTS, '01-runs-empty');
  });

  it('starts a run from the ensemble page’s form and watches it complete', async () => {
    await page.goto(`${stack.baseUrl}/ensembles`);
    await page.getByRole('link', { name: 'signup', exact: true }).click();
    await page.getByRole('heading', { name: 'signup', level: 1 }).waitFor();
    // The next New Year 09:00 in Paris is listed for the cron trigger.
    await page.getByText('next (Europe/Paris): 20').waitFor();

    // Nothing is sent while a required field is empty or a number is not one.
    await page.locator('#input-seats').fill('2.5');
    await page.getByRole('button', { name: 'Start run' }).click();
    expect(await page.locator('#input-email-error').textContent()).toBe('required');
    expect(await page.locator('#input-seats-error').textContent()).toBe('must be a whole number');
    await screenshot(page, SHOTS, '02-ensemble-form-errors');

    await page.locator('#input-email').fill('Ada@Example.com');
    await page.locator('#input-seats').fill('3');
    await page.locator('#input-plan').selectOption('"enterprise"');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await runStatusOnPage('completed');
    const output = await page.locator('#output pre').textContent();
    expect(JSON.parse(output ?? 'null')).toEqual({
      email: 'ada@example.com',
      monthly: 36,
      greeting: 'Welcome, ada@example.com',
    });
    const run = await stack.api(`/api/runs/${runIdOfPage()}`);
    expect(run.body).toMatchObject({
      status: 'completed',
      input: { email: 'Ada@Example.com', seats: 3, plan: 'enterprise' },
    });
    // Every agent of the graph shows its state.
    for (const agent of ['normalise', 'price', 'greet', 'summary']) {
      expect(await page.locator(`.graph-node[data-agent="${agent}"]`).getAttribute('class')).toContain(
        'node-succeeded',
      );
    }
    await screenshot(page, SHOTS, '03-run-completed');
  });

  it('shows a run waiting for a decision, approves it, and the run completes', async () => {
    const started = await sendExpense('exp-1', 'delivery-1');
    expect(started.status).toBe(202);
    await page.goto(`${stack.baseUrl}/runs/${started.body.runId}`);
    await page.locator('#waits-title').waitFor({ timeout: 30_000 });
    expect(await page.locator('.graph-node[data-agent="approve"]').getAttribute('class')).toContain(
      'node-waiting',
    );
    await screenshot(page, SHOTS, '04-run-waiting');

    await page.locator('[data-wait-key="expense-exp-1"]').getByRole('button', { name: 'Approve' }).click();
    await runStatusOnPage('completed');
    expect(JSON.parse((await page.locator('#output pre').textContent()) ?? 'null')).toEqual({
      id: 'exp-1',
      decision: 'approve',
    });
    expect(await page.locator('#waits-title').count()).toBe(0);
    await screenshot(page, SHOTS, '05-run-approved');
  });

  it('finds a failed run through the status filter and reads its error, its retries and its event log', async () => {
    const { body } = await stack.api('/api/ensembles/partner-sync/runs', { body: {} });
    await waitFor(
      'partner-sync to fail',
      async () => (await stack.api(`/api/runs/${body.runId}`)).body.status === 'failed',
      {
        timeoutMs: 30_000,
      },
    );
    await page.goto(`${stack.baseUrl}/runs`);
    await page.getByLabel('Status').selectOption('failed');
    await page.waitForURL(/status=failed/);
    await page.locator(`tr[data-run-id="${body.runId}"]`).waitFor();
    await waitFor('only the failed run listed', async () => (await page.locator('tbody tr').count()) === 1);
    expect(await page.title()).toBe('Runs · Baton');
    await screenshot(page, SHOTS, '06-runs-filtered-failed');

    await page.getByRole('link', { name: body.runId }).click();
    await runStatusOnPage('failed');
    const error = await page.locator('.run-error').textContent();
    expect(error).toContain('The run failed in push');
    expect(error).toContain('503');
    // Three attempts, each failed, with the back-off between them on the timeline.
    expect(await page.locator('.attempts-table tbody tr').filter({ hasText: 'push' }).count()).toBe(3);
    expect(await page.locator('.timeline .span-backoff').count()).toBe(2);
    await page.getByRole('button', { name: 'RunFailed' }).click();
    expect(await page.locator('.event-json').textContent()).toContain('"type": "RunFailed"');
    await screenshot(page, SHOTS, '07-run-failed');
  });

  it('cancels a run in flight, then reruns it with the same input', async () => {
    const started = await sendExpense('exp-2', 'delivery-2');
    await page.goto(`${stack.baseUrl}/runs/${started.body.runId}`);
    await page.locator('#waits-title').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await runStatusOnPage('cancelled');
    await page.getByRole('button', { name: 'Rerun' }).click();
    await page.waitForURL(
      (url) => !url.pathname.endsWith(started.body.runId) && url.pathname.startsWith('/runs/'),
    );
    await page.locator('#waits-title').waitFor({ timeout: 30_000 });
    const rerun = await stack.api(`/api/runs/${runIdOfPage()}`);
    expect(rerun.body.input.body).toEqual({ id: 'exp-2', amount: 250 });
  });

  it('lists webhook deliveries: accepted, duplicate, and refused with the reason', async () => {
    expect((await sendExpense('exp-1', 'delivery-1')).body.duplicate).toBe(true);
    expect((await sendExpense('exp-3', 'delivery-3', 'not-a-signature')).status).toBe(401);
    await page.goto(`${stack.baseUrl}/deliveries`);
    await page.locator('tr[data-outcome="refused"]').waitFor({ timeout: 10_000 });
    const refused = await page.locator('tr[data-outcome="refused"]').first().textContent();
    expect(refused).toContain('bad-signature');
    expect(refused).toContain('the signature does not match the body');
    expect(await page.locator('tr[data-outcome="duplicate"]').count()).toBe(1);
    expect(await page.locator('tr[data-outcome="accepted"]').count()).toBe(2);
    await screenshot(page, SHOTS, '08-webhook-deliveries');

    await page.getByLabel('Outcome').selectOption('refused');
    await page.waitForURL(/outcome=refused/);
    await waitFor('only refused deliveries', async () => (await page.locator('tbody tr').count()) === 1);
  });

  it('shows an ensemble’s definition and what changed between two revisions', async () => {
    const yaml = [
      'ensemble: partner-sync',
      'description: Pushes the day’s orders to a partner, in batches',
      'trigger:',
      '  - type: manual',
      'agents:',
      '  - name: prepare',
      '    operation: transform',
      '    config: { value: { orders: 3, batch: 50 } }',
      'output: ${prepare.output}',
    ].join('\n');
    const registered = await stack.api('/api/ensembles', {
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(registered.status).toBe(201);
    await page.goto(`${stack.baseUrl}/ensembles/partner-sync`);
    await page.locator('#definition .hljs-attr').first().waitFor();
    await page.locator('.diff-added').first().waitFor();
    expect(await page.locator('.diff-added').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('batch: 50')]),
    );
    expect(await page.locator('.diff-removed').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('name: push')]),
    );
    await screenshot(page, SHOTS, '09-ensemble-revisions');
    await page.goto(`${stack.baseUrl}/ensembles`);
    await screenshot(page, SHOTS, '10-ensembles');
    await page.goto(`${stack.baseUrl}/runs`);
    await page.locator('tbody tr').first().waitFor();
    await screenshot(page, SHOTS, '11-runs');
  });

  it('says so plainly for a run or an ensemble that does not exist, and for an unknown page', async () => {
    await page.goto(`${stack.baseUrl}/runs/no-such-run`);
    await page.getByRole('alert').filter({ hasText: 'No such run' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('no run no-such-run (404 not_found)');
    await page.goto(`${stack.baseUrl}/ensembles/no-such-ensemble`);
    await page.getByRole('alert').filter({ hasText: 'No such ensemble' }).waitFor();
    await page.goto(`${stack.baseUrl}/no/such/page`);
    await page.getByText('There is no page at this address.').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
  });
});

describe('the dashboard’s read API', () => {
  it.each([
    ['/api/webhooks/deliveries?limit=0', 'limit must be a positive integer'],
    ['/api/webhooks/deliveries?limit=ten', 'limit must be a positive integer'],
    ['/api/webhooks/deliveries?outcome=lost', 'outcome must be one of accepted, duplicate, refused'],
    ['/api/webhooks/deliveries?cursor=not-ours', 'cursor is not one a previous page returned'],
    [
      '/api/webhooks/deliveries?outcome=refused&outcome=accepted',
      "query parameter 'outcome' must be given once",
    ],
    ['/api/ensembles/signup/revisions/0', 'revision must be a positive whole number'],
    ['/api/ensembles/signup/revisions/1e3', 'revision must be a positive whole number'],
  ])('refuses GET %s with a 400 saying what is wrong', async (path, message) => {
    const { status, body } = await stack.api(path);
    expect(status).toBe(400);
    expect(body.error.message).toContain(message);
  });

  it.each([
    ['/api/ensembles/no-such-thing/revisions/1', "no ensemble named 'no-such-thing'"],
    ['/api/ensembles/Not%20A%20Name/revisions/1', "no ensemble named 'Not A Name'"],
    ['/api/ensembles/signup/revisions/999999', "ensemble 'signup' has no revision 999999"],
  ])('answers GET %s with a 404', async (path, message) => {
    const { status, body } = await stack.api(path);
    expect(status).toBe(404);
    expect(body.error.message).toBe(message);
  });

  it('pages the webhook log with its cursor', async () => {
    const first = await stack.api('/api/webhooks/deliveries?limit=2');
    expect(first.body.deliveries).toHaveLength(2);
    const second = await stack.api(`/api/webhooks/deliveries?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    const ids = [...first.body.deliveries, ...second.body.deliveries].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
