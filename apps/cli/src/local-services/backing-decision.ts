import { isOnThisMachine, portOf, urlWithoutCredentials } from '../infrastructure/service-address';

/**
 * Whether `baton start` uses the NATS and PostgreSQL of NATS_URL and DATABASE_URL or runs its own:
 * the rule of docs/decisions.md "Local NATS and PostgreSQL", as a pure function of what was found.
 */

export type BackingServiceName = 'nats' | 'postgres';

export const BACKING_SERVICES: Readonly<
  Record<
    BackingServiceName,
    { readonly title: string; readonly variable: string; readonly defaultPort: number }
  >
> = {
  nats: { title: 'NATS', variable: 'NATS_URL', defaultPort: 4222 },
  postgres: { title: 'PostgreSQL', variable: 'DATABASE_URL', defaultPort: 5432 },
};

export interface BackingFacts {
  readonly service: BackingServiceName;
  /** NATS_URL or DATABASE_URL, or its default. */
  readonly url: string;
  /** The variable is set (a URL the user chose), not left to its default. */
  readonly explicit: boolean;
  /** A server answered there in its protocol, even to refuse (wrong password, no JetStream). */
  readonly answers: boolean;
  /** The URL's port can be listened on here (looked at only when nothing answers). */
  readonly portFree: boolean;
  /** `--no-local-services` was not given. */
  readonly localAllowed: boolean;
}

export type BackingDecision =
  /** The server at the URL, checked and reported as it answers. */
  | { readonly use: 'running' }
  /** One of baton's own, on the URL's port or, when something else holds the default one, any free port. */
  | { readonly use: 'local'; readonly port: 'url' | 'any'; readonly why: string }
  /** Nothing to use and nothing to start: report the URL as unreachable, with `why` not started. */
  | { readonly use: 'unreachable'; readonly why?: string };

export function decideBacking(facts: BackingFacts): BackingDecision {
  if (facts.answers) return { use: 'running' };
  const { title, variable } = BACKING_SERVICES[facts.service];
  const where = urlWithoutCredentials(facts.url);
  // A server on another machine is the user's: one started here would hold other data.
  if (!isOnThisMachine(facts.url)) return { use: 'unreachable' };
  if (!facts.localAllowed)
    return { use: 'unreachable', why: `(--no-local-services: baton start does not run its own ${title})` };
  const source = facts.explicit ? variable : `the default of ${variable}`;
  if (facts.portFree) return { use: 'local', port: 'url', why: `nothing answers at ${where} (${source})` };
  const address = `${hostOf(facts.url)}:${portOf(facts.url, BACKING_SERVICES[facts.service].defaultPort)}`;
  if (!facts.explicit)
    return {
      use: 'local',
      port: 'any',
      why: `${address} (${source}) is held by something that is not ${title}`,
    };
  return {
    use: 'unreachable',
    why: `(something that is not ${title} holds ${address}: baton start runs its own ${title} only where nothing listens)`,
  };
}

/** Where a server of baton's own listens for a URL on this machine: IPv6 loopback when asked, else 127.0.0.1. */
export function listenHostOf(url: string): string {
  const host = hostOf(url);
  return host === '::1' ? '::1' : '127.0.0.1';
}

/** The URL on another port (credentials, database and options kept). */
export function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}
