import { Kvm } from '@nats-io/kv';
import { createPayloadCodec, installPayloadCodec, installPayloadCodecFromKeys } from '@baton/payload-codec';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';
import { WaitResolutionClaims } from './wait-resolution-claims';

describe('WaitResolutionClaims', () => {
  let env: IsolatedLayout;
  let claims: WaitResolutionClaims;

  beforeAll(async () => {
    env = await isolatedLayout('claims');
    claims = new WaitResolutionClaims(env.nc, { prefix: env.prefix });
  });

  afterAll(() => env.teardown());

  const record = (action: string) => ({
    runId: 'run-1',
    key: 'approve-1',
    value: { action },
    claimedAt: '2026-12-01T10:00:00.000Z',
  });

  it('lets exactly one of many concurrent resolutions of one opening win; the others learn the first', async () => {
    const outcomes = await Promise.all(
      ['approve', 'reject', 'approve', 'reject', 'approve'].map((action) => claims.claim(41, record(action))),
    );
    const winners = outcomes.filter((outcome) => outcome.claimed);
    expect(winners).toHaveLength(1);
    const first = await claims.find(41);
    for (const outcome of outcomes) if (!outcome.claimed) expect(outcome.first).toEqual(first);
  });

  it('keeps openings apart: another revision of the same key is claimed on its own', async () => {
    expect(await claims.claim(42, record('approve'))).toEqual({ claimed: true });
    expect(await claims.claim(43, record('reject'))).toEqual({ claimed: true });
    expect(await claims.find(44)).toBeUndefined();
  });

  it('stores the resolution value sealed when BATON_PAYLOAD_KEY is set, and reads it back in clear', async () => {
    installPayloadCodecFromKeys(`k1:${Buffer.alloc(32, 5).toString('base64')}`);
    try {
      expect(await claims.claim(45, record('approve-with-a-secret-note'))).toEqual({ claimed: true });
      const raw = await (await new Kvm(env.nc).open(env.layout.buckets.dedupe)).get('wait_45');
      expect(raw?.string()).not.toContain('approve-with-a-secret-note');
      expect(raw?.json<{ value: unknown }>().value).toMatchObject({ kid: 'k1' });
      expect((await claims.find(45))?.value).toEqual({ action: 'approve-with-a-secret-note' });
    } finally {
      installPayloadCodec(createPayloadCodec());
    }
  });
});
