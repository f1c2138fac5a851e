/**
 * Pooled SMTP connections for `email` agents: one nodemailer pool per SMTP URL, created on first use
 * and shared by every task of the worker, which calls `close()` on shutdown. URLs hold passwords:
 * they are map keys only, never logged or reported.
 */
import { createTransport, type Transporter } from 'nodemailer';

export interface SmtpTransportOptions {
  /** Connections per pool. */
  readonly maxConnections: number;
  /** Time to open a connection and to get the server's greeting. */
  readonly connectionTimeoutMs: number;
  /** Idle time after which a pooled connection is closed. */
  readonly socketTimeoutMs: number;
}

export const DEFAULT_SMTP_TRANSPORT_OPTIONS: SmtpTransportOptions = {
  maxConnections: 5,
  connectionTimeoutMs: 10_000,
  socketTimeoutMs: 60_000,
};

export class SmtpTransports {
  private readonly transports = new Map<string, Transporter>();
  private readonly options: SmtpTransportOptions;

  constructor(options: Partial<SmtpTransportOptions> = {}) {
    this.options = { ...DEFAULT_SMTP_TRANSPORT_OPTIONS, ...options };
  }

  transport(url: string): Transporter {
    let transport = this.transports.get(url);
    if (transport === undefined) {
      transport = smtpTransport(url, { ...this.options, pool: true });
      this.transports.set(url, transport);
    }
    return transport;
  }

  async close(): Promise<void> {
    const transports = [...this.transports.values()];
    this.transports.clear();
    for (const transport of transports) transport.close();
  }
}

/** A transport for one URL; with `pool: false` the caller closes it after one message. */
export function smtpTransport(url: string, options: SmtpTransportOptions & { pool: boolean }): Transporter {
  return createTransport({
    url,
    pool: options.pool,
    maxConnections: options.maxConnections,
    connectionTimeout: options.connectionTimeoutMs,
    greetingTimeout: options.connectionTimeoutMs,
    socketTimeout: options.socketTimeoutMs,
  } as Parameters<typeof createTransport>[0]);
}
