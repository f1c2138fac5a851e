/**
 * The changes of one watched database, fed to a handler: a dedicated connection LISTENs on the
 * channel the triggers NOTIFY, each notification (and a poll every `pollMs`, for notifications
 * missed while the connection was down, and for changes committed while Baton was stopped) drains
 * the outbox in batches. One drain at a time; a notification during a drain drains again after it.
 */
import { Client } from 'pg';
import { drainOutbox, type OutboxChange } from './change-outbox';
import type { Pool } from 'pg';
import { CHANGES_CHANNEL, quoteIdentifier } from './trigger-sql';

export interface ChangeFeedLogger {
  warn(message: string): void;
}

export interface ChangeFeedOptions {
  readonly url: string;
  readonly pool: Pool;
  /** How logs name the database: a connection's name, never its URL. */
  readonly label: string;
  readonly handle: (changes: readonly OutboxChange[]) => Promise<void>;
  readonly logger: ChangeFeedLogger;
  readonly batchSize?: number;
  readonly pollMs?: number;
}

const DEFAULT_BATCH_SIZE = 200;
const DEFAULT_POLL_MS = 2000;
const RECONNECT_MS = 1000;

export class ChangeFeed {
  private keys: readonly string[] = [];
  private listener: Client | undefined;
  /** The connection being opened or open; events of an older one are ignored. */
  private current: Client | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private poll: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** The trigger keys whose changes this feed consumes. */
  setKeys(keys: readonly string[]): void {
    this.keys = keys;
    this.kick();
  }

  start(): void {
    void this.listen();
    const pollMs = this.options.pollMs ?? DEFAULT_POLL_MS;
    this.poll = setInterval(() => this.kick(), pollMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.draining;
  }

  /** Drains now, or once more after the drain under way. */
  kick(): void {
    if (this.stopped || this.keys.length === 0) return;
    if (this.draining !== undefined) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when nothing is pending or being drained (tests, shutdown). */
  get idle(): boolean {
    return this.draining === undefined;
  }

  private async drain(): Promise<void> {
    const limit = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    try {
      while (!this.stopped) {
        const handled = await drainOutbox(this.options.pool, this.keys, limit, this.options.handle);
        if (handled < limit) return;
      }
    } catch (error) {
      // The changes stay in the outbox; the next notification or poll offers them again.
      this.options.logger.warn(
        `Database changes of ${this.options.label} not consumed yet: ${messageOf(error)}`,
      );
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'baton-database-triggers',
    });
    this.current = client;
    client.on('notification', () => this.kick());
    client.on('error', (error) => {
      this.options.logger.warn(`Listening to ${this.options.label} failed, again soon: ${messageOf(error)}`);
      this.relisten(client);
    });
    client.on('end', () => this.relisten(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(CHANGES_CHANNEL)}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
      // Changes committed before the LISTEN took effect are found by this drain.
      this.kick();
    } catch (error) {
      this.options.logger.warn(`Listening to ${this.options.label} failed, again soon: ${messageOf(error)}`);
      this.relisten(client);
    }
  }

  private relisten(client: Client): void {
    if (this.stopped || this.reconnect !== undefined || client !== this.current) return;
    this.current = undefined;
    if (this.listener === client) this.listener = undefined;
    void client.end().catch(() => undefined);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.listen();
    }, RECONNECT_MS);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
