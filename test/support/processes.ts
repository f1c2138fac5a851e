/**
 * Starting real processes for end-to-end tests: a private nats-server (own port and data dir, so a
 * test may kill or restart it), a private PostgreSQL database on the shared server, and Baton's
 * services from dist/ as child processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The repository root, whether this file runs from test/ (Jest) or from dist/test/ (benchmarks). */
export const ROOT = repositoryRoot(__dirname);

function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(from, '../..');
    dir = parent;
  }
  return dir;
}
const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const PG_ADMIN_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Ports already handed out by this process: the kernel may offer a just-closed port again. */
const handedOut = new Set<number>();

/**
 * A loopback port nothing listens on, one this process has not handed out before, and one outside
 * the kernel's ephemeral range: a server a test kills and starts again on the same port (a NATS
 * node, a service) would otherwise find it taken by an outgoing connection's local port, or by a
 * peer's reconnect attempt connected to itself (TCP simultaneous open on loopback).
 */
export async function freePort(): Promise<number> {
  const [low, high] = listeningRange();
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
}

/** Ports below the ephemeral range (`ip_local_port_range`, 32768 by default), above the well-known ones. */
function listeningRange(): [number, number] {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
  } catch {
    // Not Linux: keep the default.
  }
  const high = Number.isInteger(ephemeralLow) && ephemeralLow > 12_000 ? ephemeralLow : 32768;
  return [10_000, high];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const server = createServer();
    server.unref();
    server.once('error', () => answer(false));
    server.listen(port, '127.0.0.1', () => server.close(() => answer(true)));
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
  );
}

/** Signals a child and resolves once it has exited; a child still running after 20 s is killed. */
async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(deadline);
      resolve();
    });
    child.kill(signal);
  });
}

export interface NatsInstance {
  readonly url: string;
  readonly port: number;
  /** The nats-server's pid while it runs (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** Whether a TCP connection to the loopback port is accepted. */
export async function portOpen(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), res(true)));
    socket.once('error', () => res(false));
  });
}

/** A nats-server with JetStream of the test's own, on a free port, with its own store. */
export async function startNats(): Promise<NatsInstance> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'baton-nats-'));
  let child: ChildProcess | undefined;
  const instance: NatsInstance = {
    url: `nats://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    async start() {
      child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
        stdio: 'ignore',
      });
      await waitFor(`nats-server on ${port}`, async () => (await portOpen(port)) || undefined);
    },
    async stop(signal = 'SIGTERM') {
      const running = child;
      child = undefined;
      await stopProcess(running, signal);
    },
    async dispose() {
      await instance.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await instance.start();
  return instance;
}

export interface Database {
  readonly url: string;
  readonly name: string;
  dispose(): Promise<void>;
}

/** A database of the test's own on the shared PostgreSQL, dropped on dispose. */
export async function createDatabase(prefix = 'baton_e2e'): Promise<Database> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async dispose() {
      const client = new Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface Service {
  readonly name: string;
  /** Its name, or for a replica `<name>-<n>`: the name of its log file too. */
  readonly label: string;
  readonly logFile: string;
  /** Where it answers /healthz, /readyz and /metrics. */
  readonly healthPort: number;
  readonly pid: number | undefined;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A Baton service from dist/, ready once its /readyz answers 200. */
export function service(
  name: string,
  env: Record<string, string>,
  healthPort: number,
  logDir: string,
  label = name,
): Service {
  const main = join(ROOT, 'dist/apps', name, 'src/main.js');
  return nodeProcess(name, [main], env, healthPort, logDir, label);
}

/**
 * Any Node program as a service: `args` are what follows `node` (the script first, then its
 * arguments, e.g. the CLI's `start --single-process`); ready once /readyz on `healthPort` answers 200.
 */
export function nodeProcess(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  healthPort: number,
  logDir: string,
  label = name,
  /**
   * How long it may take to answer /readyz (a whole stack behind one command takes longer): a
   * service loads NestJS and its libraries in 20-30 s on a machine busy with other suites.
   */
  readyTimeoutMs = Number(process.env.E2E_READY_TIMEOUT_MS ?? 60_000),
): Service {
  const [main] = args;
  if (!main || !existsSync(main)) {
    throw new Error(`${main} is missing: run npm run build (./dev test builds first)`);
  }
  const logFile = join(logDir, `${label}.log`);
  let child: ChildProcess | undefined;
  return {
    name,
    label,
    logFile,
    healthPort,
    get pid() {
      return child?.pid;
    },
    async start() {
      const log = createWriteStream(logFile, { flags: 'a' });
      child = spawn(process.execPath, [...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      const started = child;
      // A process that exited will never be ready: say so at once rather than at the time-out.
      const outcome = await waitFor(
        `${name} ready on :${healthPort} (log: ${logFile})`,
        async () => {
          if (started.exitCode !== null) return 'exited';
          const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => undefined);
          return res?.status === 200 ? 'ready' : undefined;
        },
        { timeoutMs: readyTimeoutMs },
      );
      if (outcome === 'exited') throw new Error(`${name} exited with ${started.exitCode}; see ${logFile}`);
    },
    async kill(signal = 'SIGTERM') {
      const running = child;
      child = undefined;
      await stopProcess(running, signal);
    },
  };
}
