/**
 * How `baton` names NATS and PostgreSQL in its messages: the URL without credentials (a password
 * never reaches a terminal or a CI log), and whether it points at this machine (then `baton` can
 * say how to start the server).
 */
export function urlWithoutCredentials(url: string): string {
  if (!URL.canParse(url)) return '(an invalid URL)';
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

export function isOnThisMachine(url: string): boolean {
  return URL.canParse(url) && LOOPBACK_HOSTS.has(new URL(url).hostname);
}

export function portOf(url: string, defaultPort: number): number {
  const port = URL.canParse(url) ? new URL(url).port : '';
  return port === '' ? defaultPort : Number(port);
}
