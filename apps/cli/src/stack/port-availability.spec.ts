import { createServer, type Server } from 'node:net';
import { portProblems } from './port-availability';
import { freePort } from '../testing/free-port';

let taken: Server;
let takenPort: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise((resolve) => taken.close(resolve)));

describe('the ports of baton start', () => {
  it('finds nothing wrong with free ports', async () => {
    expect(await portProblems([{ port: await freePort(), owner: 'ingress (INGRESS_PORT)' }])).toEqual([]);
  });

  it('names the port in use, its service and its variable', async () => {
    expect(await portProblems([{ port: takenPort, owner: 'worker (WORKER_HEALTH_PORT)' }])).toEqual([
      `port ${takenPort} of worker (WORKER_HEALTH_PORT) is already in use (another baton start?)`,
    ]);
  });

  it('names two services set to the same port', async () => {
    const port = await freePort();
    expect(
      await portProblems([
        { port, owner: 'scheduler (SCHEDULER_HEALTH_PORT)' },
        { port, owner: 'worker (WORKER_HEALTH_PORT)' },
      ]),
    ).toEqual([
      `port ${port} is set for both scheduler (SCHEDULER_HEALTH_PORT) and worker (WORKER_HEALTH_PORT)`,
    ]);
  });
});
