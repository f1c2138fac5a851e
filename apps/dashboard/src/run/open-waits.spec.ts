import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunEvent } from '../api/types';
import { openWaits } from './open-waits';

function events(name: string): RunEvent[] {
  return parse(readFileSync(join(__dirname, '__fixtures__', `${name}.events.yaml`), 'utf8')) as RunEvent[];
}

describe('openWaits', () => {
  it('lists the waits still open, with the agent and the time-out', () => {
    expect(openWaits(events('waiting-without-starts'))).toEqual([{ key: 'review-batch', agent: 'review' }]);
  });

  it('lists none once every wait is resolved or the run has ended', () => {
    expect(openWaits(events('retried-and-approved'))).toEqual([]);
    const cancelled: RunEvent[] = [
      ...events('waiting-without-starts'),
      { type: 'RunCancelled', seq: 12, at: '2026-11-24T10:00:09.000Z', data: { reason: 'by hand' } },
    ];
    expect(openWaits(cancelled)).toEqual([]);
  });
});
