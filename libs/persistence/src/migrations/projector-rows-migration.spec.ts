import { foldEvents, runSummary } from '@baton/engine';
import { ensureDatabase } from '../ensure-database';
import { closeOrm, createOrm, type ReadModelOrm } from '../orm';
import { RunQueries } from '../run-queries';
import { fixtureEvents } from '../testing/event-fixtures';
import { dropDatabase, scratchDatabaseUrl } from '../testing/scratch-database';

/**
 * Migration20261207000000_projector_rows carries the rows the snapshot-based projector wrote over
 * to the new tables: the API answers the same before and after.
 */
describe('Migration20261207000000_projector_rows', () => {
  const url = scratchDatabaseUrl();
  let orm: ReadModelOrm;

  beforeAll(async () => {
    await ensureDatabase(url);
    orm = await createOrm(url);
  });
  afterAll(async () => {
    await closeOrm(orm);
    await dropDatabase(url);
  });

  it('moves each agent of the snapshot to run_agents, keeps the iterations and drops the snapshot', async () => {
    await orm.migrator.up({ to: 'Migration20261124000000_read_models' });
    const state = foldEvents(fixtureEvents('order-run'));
    const em = orm.em.fork();
    // The rows as the previous projector wrote them.
    await em.execute(
      `insert into baton.runs (id, ensemble, revision, status, input, output, error, trigger, parent_run_id, trace_id, created_at, started_at, finished_at, last_seq, last_stream_seq, snapshot)
       values ('run-order-1', 'process-order', 3, 'completed', ?, ?, null, ?, null, '4bf92f3577b34da6a3ce929d0e0e4736', '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.010Z', '2026-11-24T10:00:01.500Z', 17, 1016, ?)`,
      [
        JSON.stringify(state.input),
        JSON.stringify(state.output),
        JSON.stringify(state.trigger),
        JSON.stringify(state),
      ],
    );
    await em.execute(
      `insert into baton.run_steps (run_id, agent, iteration, status, attempts, item, output, error, started_at, finished_at) values
       ('run-order-1', 'process-payment', 0, 'succeeded', 2, null, '{"id":"pi_123"}', null, '2026-11-24T10:00:00.090Z', '2026-11-24T10:00:01.500Z'),
       ('run-order-1', 'release-on-failure', 0, 'skipped', 0, null, null, null, null, '2026-11-24T10:00:01.500Z')`,
    );

    await orm.migrator.up();

    const { id: _, ensemble: __, revision: ___, ...engine } = runSummary(state);
    expect(await new RunQueries(orm).get('run-order-1')).toEqual({
      ...engine,
      id: 'run-order-1',
      ensemble: 'process-order',
      revision: 3,
    });
    expect(
      await orm.em
        .fork()
        .execute(
          `select agent, status, attempts, scheduled_at = '2026-11-24T10:00:01.300Z' as scheduled_for_the_retry, started_at from baton.run_steps`,
        ),
    ).toEqual([
      {
        agent: 'process-payment',
        status: 'succeeded',
        attempts: 2,
        // The retry's scheduling, as the snapshot knew it.
        scheduled_for_the_retry: true,
        started_at: null,
      },
    ]);
    const columns = await orm.em
      .fork()
      .execute(
        `select column_name from information_schema.columns where table_schema = 'baton' and table_name = 'runs'`,
      );
    expect(columns.map((column) => column.column_name)).not.toContain('snapshot');
  });
});
