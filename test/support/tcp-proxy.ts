/**
 * A TCP proxy on loopback that a test can cut and restore: a service behind it sees its database go
 * away and come back, while the shared server itself is never stopped.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './processes';

export interface TcpProxy {
  readonly port: number;
  open(): Promise<void>;
  /** Refuses new connections and drops the open ones. */
  cut(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, { open = true } = {}): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const proxy: TcpProxy = {
    port,
    async open() {
      if (server) return;
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined); // the other side's close ends both
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    },
    async cut() {
      const running = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    close: () => proxy.cut(),
  };
  if (open) await proxy.open();
  return proxy;
}
