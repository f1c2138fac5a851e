/**
 * Test helper of the bench specs: a stand-in for ingress's `POST /api/ensembles/<name>/runs?wait=`
 * on a free loopback port, answering each start with `answer`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = (input: { n: number; tag: string }) => { status: number; body: unknown };

export interface FakeIngress {
  readonly url: string;
  /** `<method> <url>` of every request, in order. */
  readonly requests: string[];
  inFlightPeak(): number;
  readonly server: Server;
}

export async function fakeIngress(answer: Answer): Promise<FakeIngress> {
  const requests: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      const { status, body } = answer(JSON.parse(text));
      // A little later, so that starts overlap as they do against the real stack.
      setTimeout(() => {
        inFlight--;
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }, 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, inFlightPeak: () => peak, server };
}

/** Every run completes with the output the run contract expects. */
export const completed: Answer = (input) => ({
  status: 200,
  body: {
    id: `run-${input.n}`,
    status: 'completed',
    output: { doubled: input.n * 2, label: `${input.tag}-${input.n * 2}` },
  },
});
