import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { missingDevDefaults } from './launch-preparation';

describe("the examples' development values", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-dev-env-'));
  const file = path.join(dir, 'dev.env');
  writeFileSync(file, '# comment\nROUTER_WEBHOOK_SECRET=dev-router-secret\nOPS_WEBHOOK_SECRET=dev-ops\n');

  it('fill only the variables the environment leaves unset or empty', () => {
    expect(missingDevDefaults(file, { OPS_WEBHOOK_SECRET: 'mine' })).toEqual({
      ROUTER_WEBHOOK_SECRET: 'dev-router-secret',
    });
    expect(missingDevDefaults(file, { ROUTER_WEBHOOK_SECRET: '' })).toEqual({
      ROUTER_WEBHOOK_SECRET: 'dev-router-secret',
      OPS_WEBHOOK_SECRET: 'dev-ops',
    });
  });

  it('are nothing when the file does not exist', () => {
    expect(missingDevDefaults(path.join(dir, 'absent.env'), {})).toEqual({});
  });

  it('are the ones the shipped examples need, and examples/dev.env sets every webhook secret they read', () => {
    const shipped = missingDevDefaults(path.resolve(__dirname, '../../../../examples/dev.env'), {});
    expect(Object.keys(shipped).sort()).toEqual([
      // their local stand-ins listen on 127.0.0.1, which the outbound guard refuses unless allowed
      'BATON_ALLOW_HOSTS',
      'OPS_WEBHOOK_SECRET',
      'ORDERS_WEBHOOK_SECRET',
      'ROUTER_WEBHOOK_SECRET',
    ]);
    expect(shipped.ORDERS_WEBHOOK_SECRET).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  });
});
