/**
 * Which lines of the servers `start` runs itself are worth showing. nats-server and PostgreSQL
 * (with initdb) log every step of a normal start and stop; by default `start` shows their warnings
 * and errors, and postgres-main's own JSON lines, and keeps the rest for LOG_LEVEL debug or trace.
 */
const NATS_ROUTINE = /\[(INF|DBG|TRC)\]/;
const POSTGRES_PROBLEM = /\b(WARNING|ERROR|FATAL|PANIC):|\berror:/i;

export function isRoutineServerLine(service: string, line: string): boolean {
  switch (service) {
    case 'nats':
      return NATS_ROUTINE.test(line);
    case 'postgres':
      return !line.startsWith('{') && !POSTGRES_PROBLEM.test(line);
    default:
      return false;
  }
}
