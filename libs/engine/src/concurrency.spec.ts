import { type AdmissionCommand, type SlotState, decideAdmission, initialSlotState } from './concurrency';

/** Applies commands in turn and returns every decision and the final slot. */
function run(commands: AdmissionCommand[], slot: SlotState = initialSlotState()) {
  const decisions = commands.map((command) => {
    const decision = decideAdmission(slot, command);
    slot = decision.state;
    return decision;
  });
  return { decisions, slot };
}

const acquire = (
  runId: string,
  policy: 'queue' | 'cancel-running' | 'drain',
  limit = 1,
  revision = 1,
): AdmissionCommand => ({
  type: 'Acquire',
  runId,
  revision,
  policy,
  limit,
});
const release = (runId: string): AdmissionCommand => ({ type: 'Release', runId });

describe('concurrency policy queue', () => {
  it('a run is admitted while fewer than limit runs hold the key', () => {
    const { decisions } = run([acquire('a', 'queue', 2), acquire('b', 'queue', 2)]);
    expect(decisions.map((d) => d.admit)).toEqual([['a'], ['b']]);
  });

  it('a run beyond the limit is queued', () => {
    const { decisions, slot } = run([acquire('a', 'queue'), acquire('b', 'queue')]);
    expect(decisions[1]).toMatchObject({ admit: [], queue: ['b'], cancel: [] });
    expect(slot.queued.map((r) => r.runId)).toEqual(['b']);
  });

  it('queued runs are admitted first in, first out as running ones end', () => {
    const { decisions } = run([
      acquire('a', 'queue'),
      acquire('b', 'queue'),
      acquire('c', 'queue'),
      release('a'),
      release('b'),
    ]);
    expect(decisions[3].admit).toEqual(['b']);
    expect(decisions[4].admit).toEqual(['c']);
  });

  it('a queued run that is released (cancelled) gives up its place', () => {
    const { decisions } = run([
      acquire('a', 'queue'),
      acquire('b', 'queue'),
      acquire('c', 'queue'),
      release('b'),
      release('a'),
    ]);
    expect(decisions[3].admit).toEqual([]);
    expect(decisions[4].admit).toEqual(['c']);
  });

  it('acquiring twice for the same run changes nothing', () => {
    const { decisions, slot } = run([
      acquire('a', 'queue'),
      acquire('b', 'queue'),
      acquire('b', 'queue'),
      acquire('a', 'queue'),
    ]);
    expect(decisions.slice(2)).toEqual([
      expect.objectContaining({ admit: [], queue: [], cancel: [] }),
      expect.objectContaining({ admit: [], queue: [], cancel: [] }),
    ]);
    expect(slot.running.map((r) => r.runId)).toEqual(['a']);
    expect(slot.queued.map((r) => r.runId)).toEqual(['b']);
  });

  it('releasing a run the slot does not hold changes nothing', () => {
    const { decisions, slot } = run([acquire('a', 'queue'), release('zzz')]);
    expect(decisions[1]).toMatchObject({ admit: [], queue: [], cancel: [] });
    expect(slot.running.map((r) => r.runId)).toEqual(['a']);
  });
});

describe('concurrency policy cancel-running', () => {
  it('a new run is admitted at once and the running one is cancelled', () => {
    const { decisions, slot } = run([acquire('a', 'cancel-running'), acquire('b', 'cancel-running')]);
    expect(decisions[1]).toMatchObject({ admit: ['b'], queue: [], cancel: ['a'] });
    expect(slot.running.map((r) => r.runId)).toEqual(['b']);
  });

  it('only the oldest running runs are cancelled, as many as make room under the limit', () => {
    const { decisions } = run([
      acquire('a', 'cancel-running', 2),
      acquire('b', 'cancel-running', 2),
      acquire('c', 'cancel-running', 2),
    ]);
    expect(decisions.map((d) => d.cancel)).toEqual([[], [], ['a']]);
    expect(decisions[2].admit).toEqual(['c']);
  });

  it('the later release of a cancelled run admits nothing twice', () => {
    const { decisions, slot } = run([
      acquire('a', 'cancel-running'),
      acquire('b', 'cancel-running'),
      release('a'),
    ]);
    expect(decisions[2].admit).toEqual([]);
    expect(slot.running.map((r) => r.runId)).toEqual(['b']);
  });
});

describe('concurrency policy drain', () => {
  it('a run of a newer revision waits while a run of an older revision is running', () => {
    const { decisions } = run([acquire('old', 'drain', 3, 1), acquire('new', 'drain', 3, 2)]);
    expect(decisions[1]).toMatchObject({ admit: [], queue: ['new'] });
  });

  it('runs of the same revision are admitted up to the limit', () => {
    const { decisions } = run([
      acquire('a', 'drain', 2, 1),
      acquire('b', 'drain', 2, 1),
      acquire('c', 'drain', 2, 1),
    ]);
    expect(decisions.map((d) => d.admit)).toEqual([['a'], ['b'], []]);
  });

  it('once no run of the old revision runs, queued runs are admitted up to the limit', () => {
    const { decisions } = run([
      acquire('old-1', 'drain', 2, 1),
      acquire('old-2', 'drain', 2, 1),
      acquire('new-1', 'drain', 2, 2),
      acquire('new-2', 'drain', 2, 2),
      acquire('new-3', 'drain', 2, 2),
      release('old-1'),
      release('old-2'),
    ]);
    expect(decisions[5].admit).toEqual([]);
    expect(decisions[6].admit).toEqual(['new-1', 'new-2']);
  });
});
