/**
 * @baton/client as its users get it: built alone (`npm run build:client`), packed, installed from the
 * tarball into an empty directory, then required, imported and type-checked from there, away from
 * the monorepo's path aliases and node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, ROOT } from './support/processes';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
let app: string;

/** Runs a command with this Node (and its npm) first on PATH; its stdout. */
function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  run('npm', ['run', '--silent', 'build:client'], ROOT);
  app = mkdtempSync(join(tmpdir(), 'baton-client-app-'));
  const tarball = run('npm', ['pack', join(ROOT, 'dist/packages/client'), '--pack-destination', app], ROOT)
    .trim()
    .split('\n')
    .at(-1) as string;
  const installed = join(app, 'node_modules/@baton/client');
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', join(app, tarball), '-C', installed, '--strip-components=1'], app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
}, 120_000);

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the published @baton/client', () => {
  it('holds its compiled code, types, package.json and README, and nothing of the monorepo', () => {
    const root = join(app, 'node_modules/@baton/client');
    expect(readdirSync(root).sort()).toEqual(['README.md', 'dist', 'package.json']);
    const files = readdirSync(join(root, 'dist'), { recursive: true }) as string[];
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts']));
    expect(files.some((file) => file.endsWith('.spec.js') || file.includes('testing'))).toBe(false);
    for (const file of files.filter((name) => name.endsWith('.js') || name.endsWith('.d.ts'))) {
      const text = readFileSync(join(root, 'dist', file), 'utf8');
      expect({ file, imports: text.match(/require\("(?!\.)[^"]+"\)|from '(?!\.)[^']+'/g) ?? [] }).toEqual({
        file,
        imports: [],
      });
    }
  });

  it('loads with require, and signs with WebCrypto outside the monorepo', () => {
    const output = run(
      process.execPath,
      [
        '-e',
        `const client = require('@baton/client');
         client.signWebhook('github', 's3cret', '{"a":1}', { deliveryId: 'd-1' }).then((headers) =>
           console.log(JSON.stringify({ exports: Object.keys(client).sort(), headers })));`,
      ],
      app,
    );
    const { exports, headers } = JSON.parse(output);
    expect(exports).toEqual(
      expect.arrayContaining(['Baton', 'BatonApiError', 'BatonNetworkError', 'RunList', 'signWebhook']),
    );
    expect(headers).toEqual({
      'x-hub-signature-256': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      'x-github-delivery': 'd-1',
    });
  });

  it('loads with import (named exports from an ES module) and fails with its own error classes', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const output = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { Baton, BatonNetworkError } from '@baton/client';
         try { await new Baton({ url: '${url}' }).runs.get('r-1'); }
         catch (error) { console.log(JSON.stringify({ network: error instanceof BatonNetworkError, reason: error.reason })); }`,
      ],
      app,
    );
    expect(JSON.parse(output)).toEqual({ network: true, reason: 'unreachable' });
  });

  it.each([
    ['nodenext', 'consumer.mts', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', 'consumer.ts', { module: 'esnext', moduleResolution: 'bundler' }],
  ])(
    'type-checks an application with moduleResolution %s and only the DOM’s types',
    (resolution, file, options) => {
      writeFileSync(
        join(app, file),
        `import { Baton, BatonApiError, signWebhook, type ExecuteResult, type Run } from '@baton/client';
const baton = new Baton({ url: 'http://127.0.0.1:8080', apiKey: 'key' });
export async function signup(user: { id: string }): Promise<boolean> {
  const result: ExecuteResult<{ welcome: string }> = await baton.execute('on-user-signup', { user, source: 'web' });
  const run: Run | undefined = result.run;
  for await (const item of baton.runs.list({ status: 'failed' })) console.log(item.id, run?.status);
  const headers: Record<string, string> = await signWebhook('stripe', 'whsec_x', '{}');
  try { await baton.waits.resolve('k', { action: 'approve' }); } catch (error) { if (error instanceof BatonApiError) return error.status === 404; }
  return result.success && Object.keys(headers).length === 1;
}
// @ts-expect-error the scheme is checked
void signWebhook('md5', 's', '{}');
`,
      );
      const config = `tsconfig.${resolution}.json`;
      const compilerOptions = {
        ...options,
        noEmit: true,
        strict: true,
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types: [],
      };
      writeFileSync(join(app, config), JSON.stringify({ compilerOptions, files: [file] }));
      expect(run(process.execPath, [TSC, '-p', config], app)).toBe('');
    },
  );
});
