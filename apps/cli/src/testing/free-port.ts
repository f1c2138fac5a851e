import { createServer } from 'node:net';

/** A TCP port nothing listens on right now (specs start their own servers on it, or nothing). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
