import type { BenchResult } from './bench-result';
import { formatCosts, formatTable, judge } from './report';

const row = (fields: Partial<BenchResult>): BenchResult => ({ name: 'row', opsPerSec: 10, ...fields });

describe('judge', () => {
  it('reads a target below 1 as a minimum ratio and one of 1 or more as a minimum value', () => {
    expect(judge(row({ ratio: 0.7, target: 0.6 }))).toBe(true);
    expect(judge(row({ ratio: 0.5, target: 0.6 }))).toBe(false);
    expect(judge(row({ opsPerSec: 10, target: 12 }))).toBe(false);
  });

  it('checks a ratio target of 1 or more when told the target is a ratio', () => {
    expect(judge(row({ ratio: 1.2, target: 1, targetOf: 'ratio' }))).toBe(true);
    expect(judge(row({ ratio: 1.8, target: 2, targetOf: 'ratio' }))).toBe(false);
  });

  it('makes the target a maximum when lower is better', () => {
    expect(judge(row({ opsPerSec: 4.2, target: 5, targetOf: 'value', better: 'lower' }))).toBe(true);
    expect(judge(row({ opsPerSec: 13, target: 5, targetOf: 'value', better: 'lower' }))).toBe(false);
  });

  it('has no verdict without a target or without a value (a baseline that could not run)', () => {
    expect(judge(row({}))).toBeUndefined();
    expect(judge(row({ target: 1, targetOf: 'ratio' }))).toBeUndefined();
    expect(judge(row({ ratio: Number.NaN, target: 0.5 }))).toBeUndefined();
  });

  it('keeps a verdict the bench gave', () => {
    expect(judge(row({ ratio: 0.1, target: 0.6, pass: true }))).toBe(true);
  });
});

describe('formatTable', () => {
  it('prints value, baseline, ratio, target and verdict, then the notes', () => {
    const text = formatTable([
      row({ name: 'fast', opsPerSec: 1234.5, unit: 'runs/s', baselineOpsPerSec: 1000, ratio: 1.2346 }),
      row({
        name: 'p50',
        opsPerSec: 4,
        unit: 'ms',
        target: 5,
        targetOf: 'value',
        better: 'lower',
        note: 'unloaded',
      }),
      row({ name: 'peer', opsPerSec: 3, target: 1, targetOf: 'ratio', note: 'no Redis' }),
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^benchmark\s+value\s+baseline\s+ratio\s+target\s+met$/);
    expect(lines[2]).toMatch(/^fast\s+1,235 runs\/s\s+1,000\s+123\.5%$/);
    expect(lines[3]).toMatch(/^p50\s+4\.00 ms\s+≤ 5\.00 ms\s+yes$/);
    expect(lines[4]).toMatch(/^peer\s+3\.00\s+≥ 100%\s+n\/a$/);
    expect(text).toContain('[2] p50: unloaded');
    expect(text).toContain('[3] peer: no Redis');
  });
});

describe('formatCosts', () => {
  it('prints each drive once, its counters largest first, with totals', () => {
    const perRun = {
      'baton code': {
        runs: 800,
        cpuMs: { worker: 2, orchestrator: 3.5 },
        cpuMsTotal: 5.5,
        writes: { BATON_RUNS: 10, BATON_TASKS: 3 },
        writesTotal: 13,
        deliveries: { orchestrator: 4 },
      },
    };
    const text = formatCosts([row({ extra: { perRun } }), row({ extra: { perRun } }), row({})]);
    expect(text).toBe(
      [
        'cost per run of each measured drive:',
        'baton code (800 runs)',
        '  cpu ms/run   orchestrator 3.50  worker 2.00  = 5.50',
        '  writes/run   BATON_RUNS 10.00  BATON_TASKS 3.00  = 13.00',
        '  deliveries   orchestrator 4.00',
      ].join('\n'),
    );
  });

  it('is empty when no row measured costs', () => {
    expect(formatCosts([row({})])).toBe('');
  });
});
