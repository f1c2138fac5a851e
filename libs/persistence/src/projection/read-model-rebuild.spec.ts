import type { RunEvent } from '@baton/engine';
import type { ReadModelOrm } from '../orm';
import { RunProjector, type RunLogMessage } from '../run-projector';
import { fixtureEvents } from '../testing/event-fixtures';
import { dumpReadModels } from '../testing/read-model-dump';
import { openScratchReadModels } from '../testing/scratch-database';
import { ReadModelRebuild } from './read-model-rebuild';

/** A log of two runs as the stream holds it: messages interleaved, stream sequences from 1. */
function streamOf(...runs: RunEvent[][]): RunLogMessage[] {
  const longest = Math.max(...runs.map((events) => events.length));
  const interleaved: RunEvent[] = [];
  for (let index = 0; index < longest; index++)
    for (const events of runs) if (index < events.length) interleaved.push(events[index]);
  return interleaved.map((event, index) => ({ events: [event], streamSeq: index + 1 }));
}

describe('ReadModelRebuild', () => {
  let orm: ReadModelOrm;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ orm, dispose } = await openScratchReadModels()));
  afterAll(() => dispose());

  const dump = async () => {
    const pool = await orm.em.getConnection().getNativeClient();
    return dumpReadModels((sql, values) => pool.query(sql, values));
  };

  it('empties the run read models and, replayed in other batches, gives the same rows byte for byte', async () => {
    const log = streamOf(fixtureEvents('order-run'), fixtureEvents('cancelled-while-waiting'));
    const projector = new RunProjector(orm);
    for (const message of log) await projector.applyBatch([message]);
    const live = await dump();
    expect(live.runs).toHaveLength(2);

    const start = await ReadModelRebuild.begin(orm);
    if (!start.ok) throw new Error(start.message);
    try {
      expect(await dump()).toEqual({ runs: [], run_agents: [], run_steps: [] });
      for (let from = 0; from < log.length; from += 7) await projector.applyBatch(log.slice(from, from + 7));
    } finally {
      await start.rebuild.end();
    }
    expect(await dump()).toEqual(live);
  });

  it('refuses a second rebuild while one runs, and allows one after it ended', async () => {
    const first = await ReadModelRebuild.begin(orm);
    if (!first.ok) throw new Error(first.message);
    expect(await ReadModelRebuild.begin(orm)).toEqual({
      ok: false,
      code: 'rebuild-running',
      message: expect.stringContaining('another rebuild'),
    });
    await first.rebuild.end();
    const again = await ReadModelRebuild.begin(orm);
    expect(again.ok).toBe(true);
    if (again.ok) await again.rebuild.end();
  });
});
