/**
 * The least a webhook receiver can do and still promise what Baton promises (a 202 means the
 * delivery is durably stored): read the body, check its hex HMAC-SHA256 with timingSafeEqual,
 * await one JetStream publish, answer 202. ingress.bench measures Baton's ingress against it.
 *
 * Run as its own process (like ingress), so it never shares an event loop with the load generator.
 * Environment: NATS_URL, BENCH_WEBHOOK_SECRET, BENCH_BASELINE_STREAM (its own stream, so what each
 * receiver stored can be counted) and, for the tuned variant, BENCH_BASELINE_NO_ASYNC_TRACES=1.
 * Prints `listening <port>` once ready; SIGTERM stops it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER } from './signed-webhook';
import { answer, readBody, signatureMatches } from './webhook-signature';

async function handle(
  js: JetStreamClient,
  subjectPrefix: string,
  secret: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const body = await readBody(request);
  if (body === undefined) return answer(response, 413, { error: { code: 'body_too_large' } });
  if (!signatureMatches(secret, body, request.headers[SIGNATURE_HEADER])) {
    return answer(response, 401, { error: { code: 'bad_signature' } });
  }
  const deliveryId = request.headers[DELIVERY_ID_HEADER];
  const id = typeof deliveryId === 'string' && deliveryId !== '' ? deliveryId : undefined;
  // One subject per delivery and the delivery id as Nats-Msg-Id, as ingress publishes one per run.
  await js.publish(`${subjectPrefix}.${id ?? 'anonymous'}`, body, id === undefined ? {} : { msgID: id });
  answer(response, 202, { accepted: true });
}

async function main(): Promise<void> {
  const secret = process.env.BENCH_WEBHOOK_SECRET;
  const natsUrl = process.env.NATS_URL;
  const stream = process.env.BENCH_BASELINE_STREAM;
  if (!secret || !natsUrl || !stream) {
    throw new Error('NATS_URL, BENCH_WEBHOOK_SECRET and BENCH_BASELINE_STREAM are required');
  }
  const subjectPrefix = `bench.${stream.toLowerCase()}`;
  const nc = await connect({
    servers: natsUrl,
    name: `bench-${stream.toLowerCase()}`,
    // nats.js captures a stack trace per request by default; ingress's connection does not.
    noAsyncTraces: process.env.BENCH_BASELINE_NO_ASYNC_TRACES === '1',
  });
  // File storage and a work queue, as BATON_INBOX has.
  await (
    await jetstreamManager(nc)
  ).streams.add({
    name: stream,
    subjects: [`${subjectPrefix}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
  });
  const js = jetstream(nc);
  const server = createServer((request, response) => {
    handle(js, subjectPrefix, secret, request, response).catch((error: Error) =>
      answer(response, 503, { error: { code: 'unavailable', message: error.message } }),
    );
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void nc.drain().then(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`baseline webhook server failed: ${error.message}\n`);
    process.exit(1);
  });
}
