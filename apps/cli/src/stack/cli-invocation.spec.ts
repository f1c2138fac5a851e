import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliInvocation } from './cli-invocation';

describe('how pasted lines run the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-cli-invocation-'));
    mkdirSync(path.join(dir, 'bin'));
    mkdirSync(path.join(dir, 'not-executable'));
    writeFileSync(path.join(dir, 'bin/baton'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'bin/baton'), 0o755);
    writeFileSync(path.join(dir, 'not-executable/baton'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is baton when an executable baton is on PATH', () => {
    expect(cliInvocation({ PATH: `/nowhere:${path.join(dir, 'bin')}` }, '/work', '/repo')).toBe('baton');
  });

  it('is the checkout’s ./dev baton from the checkout, and the path to it from elsewhere', () => {
    const env = { PATH: path.join(dir, 'not-executable') };
    expect(cliInvocation(env, '/repo', '/repo')).toBe('./dev baton');
    expect(cliInvocation(env, '/home/me', '/home/me/baton')).toBe('./baton/dev baton');
    expect(cliInvocation(env, '/tmp/x', '/home/me/baton')).toBe('/home/me/baton/dev baton');
    expect(cliInvocation({}, '/tmp', '/home/me/my baton')).toBe("'/home/me/my baton/dev' baton");
  });
});
