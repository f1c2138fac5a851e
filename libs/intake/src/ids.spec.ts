import {
  apiDedupeKey,
  childRunId,
  cronDedupeKey,
  databaseDedupeKey,
  dedupedRunId,
  freshRunId,
  sentRunId,
  webhookDedupeKey,
} from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('run ids', () => {
  it('derive a delivery’s run id exactly as ingress did before this module (same namespace and name)', () => {
    // Values computed with the former ingress code: uuid v5 of the key's UTF-8 bytes in its namespace.
    expect(dedupedRunId(webhookDedupeKey('/hooks/orders', 'evt_1'))).toBe(
      '30b753e0-6351-5866-834a-3c1f9ed179b9',
    );
    expect(dedupedRunId(apiDedupeKey('greet', 'ключ-1'))).toBe('8545f96c-13c0-5b14-9852-c3e7cd528680');
  });

  it('name the same run for the same cause, and different runs for different causes', () => {
    expect(childRunId('run-1', 'child', 0, 1)).toBe(childRunId('run-1', 'child', 0, 1));
    expect(childRunId('run-1', 'child', 0, 1)).toBe(childRunId('run-1', 'child', 0, 0));
    expect(childRunId('run-1', 'child', 0, 2)).not.toBe(childRunId('run-1', 'child', 0, 1));
    expect(sentRunId('run-1:send:0', 'audit')).not.toBe(sentRunId('run-1:send:0', 'billing'));
    const instant = new Date('2026-01-01T09:00:00Z');
    expect(cronDedupeKey('nightly', 0, instant)).toBe('cron:nightly:0:2026-01-01T09:00:00.000Z');
    expect(databaseDedupeKey('sync', 1, 'tx-9')).toBe('database:sync:1:tx-9');
  });

  it('keep each cause’s names apart, so no two schemes share a run id', () => {
    // A webhook key always starts with its path's "/", the others with their scheme.
    const ids = new Set([
      childRunId('a', 'b', 0, 1),
      sentRunId('a:b:0', 'c'),
      dedupedRunId(cronDedupeKey('a', 0, new Date(0))),
      dedupedRunId(apiDedupeKey('a', 'b')),
      dedupedRunId(webhookDedupeKey('/a', 'b')),
    ]);
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('mint fresh ids as time-ordered UUIDs (v7) from the given time and random bytes', () => {
    const random = new Uint8Array(16).fill(7);
    const early = freshRunId(Date.parse('2026-01-01T00:00:00Z'), random);
    const later = freshRunId(Date.parse('2026-01-01T00:00:01Z'), random);
    expect(early).toMatch(UUID);
    expect(early[14]).toBe('7');
    expect(early < later).toBe(true);
    expect(freshRunId(1, random)).toBe(freshRunId(1, random));
  });
});
