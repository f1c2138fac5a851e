import { Controller, Get, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ConfigModule, DashboardConfig, PublicUrlConfig } from '@baton/config';
import { HealthModule } from '@baton/telemetry';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { DashboardModule } from './dashboard.module';

/** The routes the dashboard must never shadow, standing for the real controllers. */
@Controller()
class ServerRoutes {
  @Get('api/runs')
  runs() {
    return { runs: [], nextCursor: null };
  }
  @Post('webhooks/*')
  webhook() {
    return { runId: 'r1', duplicate: false };
  }
  @Get('approvals/:token')
  approval(@Param('token') token: string) {
    return { token };
  }
}

const SCRIPT = `console.log(${JSON.stringify('dashboard '.repeat(300))});\n`;

function builtDashboard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-dashboard-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><!--baton-config--></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-Bx7d1.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'index-C9a2e.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function appServing(dir: string, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  @Module({
    imports: [
      ConfigModule.forRoot([PublicUrlConfig, DashboardConfig], env),
      HealthModule.forRoot({ service: 'ingress' }),
      DashboardModule.forRoot({ dir }) as DynamicModule,
    ],
    controllers: [ServerRoutes],
  })
  class AppModule {}
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalFilters(new ApiExceptionFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('DashboardModule', () => {
  const dir = builtDashboard();
  let app: NestFastifyApplication;
  const request = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    app.getHttpAdapter().getInstance().inject({ method, url, headers });

  beforeAll(async () => {
    app = await appServing(dir, {
      BATON_PUBLIC_URL: 'https://baton.example.com',
      BATON_TRACE_URL: 'http://127.0.0.1:16686/trace/{traceId}?x=</script><script>alert(1)</script>',
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers GET / with the page, revalidated on every load, behind a strict content security policy', async () => {
    const response = await request('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('<div id="app"></div>');
  });

  it('writes the public URL and the trace link into the page as inert JSON that no value can break out of', async () => {
    const body = (await request('/')).body;
    const json = /<script id="baton-settings" type="application\/json">(.*?)<\/script>/.exec(body)?.[1];
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json ?? 'null')).toEqual({
      publicUrl: 'https://baton.example.com',
      traceUrl: 'http://127.0.0.1:16686/trace/{traceId}?x=</script><script>alert(1)</script>',
    });
  });

  it.each([
    '/runs',
    '/runs/01JD0Z6Q3V',
    '/ensembles/process-order',
    '/deliveries?outcome=refused',
    '/index.html',
  ])('answers the client route %s with the page (the SPA fallback)', async (url) => {
    const response = await request(url);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="app"></div>');
  });

  it('serves hashed assets with their content type, cached for ever, compressed as the client accepts', async () => {
    const plain = await request('/assets/index-Bx7d1.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);

    const brotli = await request('/assets/index-Bx7d1.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);

    const gzip = await request('/assets/index-Bx7d1.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);

    expect((await request('/assets/index-C9a2e.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await request('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('answers 304 without a body when the client already has the file', async () => {
    const first = await request('/assets/index-C9a2e.css');
    const again = await request('/assets/index-C9a2e.css', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers HEAD like GET, without the body', async () => {
    const response = await request('/', {}, 'HEAD');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
  });

  it.each([
    ['/assets/missing-1234.js', 'no such file'],
    ['/favicon.ico', 'no such file'],
    ['/api/unknown', 'no such route'],
    ['/api', 'no such route'],
    ['/metrics/extra', 'no such route'],
    ['/webhooks/hooks/orders', 'no such route'],
    ['/healthz/deep', 'no such route'],
  ])('answers GET %s with a JSON 404 (%s), never the page', async (url, message) => {
    const response = await request(url);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message } });
  });

  it('refuses a path with a broken percent-escape with a 400 (Fastify, before any route)', async () => {
    const response = await request('/runs/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('is not a valid url component');
  });

  it('never shadows the server routes: the API, webhooks, approvals and health keep their handlers', async () => {
    expect((await request('/api/runs')).json()).toEqual({ runs: [], nextCursor: null });
    expect((await request('/approvals/tok_1')).json()).toEqual({ token: 'tok_1' });
    expect((await request('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await request('/metrics')).headers['content-type']).toContain('text/plain');
    const webhook = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'POST', url: '/webhooks/hooks/orders', payload: {} });
    expect(webhook.json()).toEqual({ runId: 'r1', duplicate: false });
  });
});

describe('DashboardModule without a build', () => {
  it('says how to build the dashboard instead of serving nothing silently', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'baton-dashboard-empty-'));
    const app = await appServing(empty);
    try {
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toBe('the dashboard is not built: run `npm run build`');
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
