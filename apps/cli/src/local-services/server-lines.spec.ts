import { isRoutineServerLine } from './server-lines';
import { isPostgresReadyLine, POSTGRES_READY } from './postgres-ready';

describe('the lines of the servers baton start runs', () => {
  it('hides nats-server’s informational lines and shows its warnings and errors', () => {
    expect(isRoutineServerLine('nats', '[4711] 2026/12/07 16:09:01.123 [INF] Server is ready')).toBe(true);
    expect(isRoutineServerLine('nats', '[4711] 2026/12/07 16:09:01.123 [WRN] JetStream low on disk')).toBe(
      false,
    );
    expect(
      isRoutineServerLine('nats', '[4711] 2026/12/07 16:09:01.123 [FTL] Error listening on port: 4222'),
    ).toBe(false);
  });

  it('hides PostgreSQL’s and initdb’s progress and shows problems and postgres-main’s own lines', () => {
    expect(
      isRoutineServerLine('postgres', '2026-12-07 16:09:01 UTC [99] LOG:  database system is ready'),
    ).toBe(true);
    expect(isRoutineServerLine('postgres', 'fixing permissions on existing directory /x ... ok')).toBe(true);
    expect(isRoutineServerLine('postgres', '2026-12-07 16:09:01 UTC [99] FATAL:  lock file exists')).toBe(
      false,
    );
    expect(isRoutineServerLine('postgres', 'initdb: error: directory "/x" exists but is not empty')).toBe(
      false,
    );
    expect(
      isRoutineServerLine('postgres', '{"level":"info","msg":"initialising a new data directory"}'),
    ).toBe(false);
  });

  it('never hides a line of Baton’s own services', () => {
    expect(isRoutineServerLine('worker', '[INF] something')).toBe(false);
  });

  it('recognises postgres-main’s ready line and nothing else', () => {
    expect(
      isPostgresReadyLine(JSON.stringify({ level: 'info', msg: `${POSTGRES_READY} version 18.4` })),
    ).toBe(true);
    expect(isPostgresReadyLine(`LOG: ${POSTGRES_READY}`)).toBe(false);
    expect(isPostgresReadyLine('{not json')).toBe(false);
  });
});
