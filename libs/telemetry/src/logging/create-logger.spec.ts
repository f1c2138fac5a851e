import { CapturedLines, KnownSecrets } from '../testing/captured-lines';
import { createLogger } from './create-logger';

function loggerWithCapture(options: { level?: string; secrets?: KnownSecrets } = {}) {
  const output = new CapturedLines();
  return { output, logger: createLogger({ service: 'ingress', destination: output, ...options }) };
}

describe('createLogger', () => {
  it('writes one JSON line per call with the level name, an ISO time, the service and the message', () => {
    const { output, logger } = loggerWithCapture();
    logger.info({ path: '/webhooks/orders' }, 'delivery accepted');
    expect(output.lines).toHaveLength(1);
    const [record] = output.records;
    expect(record).toMatchObject({
      level: 'info',
      service: 'ingress',
      msg: 'delivery accepted',
      path: '/webhooks/orders',
    });
    expect(new Date(record.time as string).toISOString()).toBe(record.time);
  });

  it('drops calls below the configured level', () => {
    const { output, logger } = loggerWithCapture({ level: 'warn' });
    logger.info('quiet');
    logger.warn('loud');
    expect(output.records.map((record) => record.msg)).toEqual(['loud']);
  });

  it('masks secret-bearing fields at any depth, so their values never reach the line', () => {
    const { output, logger } = loggerWithCapture();
    logger.info({
      request: {
        headers: {
          authorization: 'Bearer abc.def',
          cookie: 'sid=s3ss10n',
          'x-webhook-signature': 'f00dfeed',
        },
      },
      connection: { url: 'https://api.example.com', password: 'hunter2', apiKey: 'k-live-991' },
      oauth: { refresh_token: 'rt-123' },
    });
    for (const value of ['abc.def', 's3ss10n', 'f00dfeed', 'hunter2', 'k-live-991', 'rt-123']) {
      expect(output.text).not.toContain(value);
    }
    expect(output.records[0]).toMatchObject({
      request: { headers: { authorization: '[redacted]' } },
      connection: { url: 'https://api.example.com', password: '[redacted]' },
    });
  });

  it('keeps numbers under token-like names, which are counts rather than credentials', () => {
    const { output, logger } = loggerWithCapture();
    logger.info({ usage: { promptTokens: 120, completionTokens: 30 } }, 'think finished');
    expect(output.records[0]).toMatchObject({ usage: { promptTokens: 120, completionTokens: 30 } });
  });

  it('masks a value registered as secret wherever it appears: message, arguments, objects, errors, bindings', () => {
    const secrets = new KnownSecrets().add('sk_live_51Hx');
    const { output, logger } = loggerWithCapture({ secrets });
    const child = logger.child({ note: 'key sk_live_51Hx in a binding' });
    child.info('calling with sk_live_51Hx');
    child.info('calling with %s', 'sk_live_51Hx');
    child.info({ body: { key: 'sk_live_51Hx', list: ['x sk_live_51Hx y'] } }, 'payload');
    child.error(new Error('rejected key sk_live_51Hx'));
    child.error({ err: new Error('again sk_live_51Hx') }, 'failed');
    expect(output.lines).toHaveLength(5);
    expect(output.text).not.toContain('sk_live_51Hx');
    expect(output.records[0].msg).toBe('calling with [redacted]');
  });

  it('masks secrets registered after the logger was created', () => {
    const secrets = new KnownSecrets();
    const { output, logger } = loggerWithCapture({ secrets });
    secrets.add('late-secret-value');
    logger.info('value late-secret-value');
    expect(output.text).not.toContain('late-secret-value');
  });

  it('logs an Error given first under err, with its message as msg', () => {
    const { output, logger } = loggerWithCapture();
    const error = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    logger.error(error);
    expect(output.records[0]).toMatchObject({
      msg: 'connection refused',
      err: { type: 'Error', message: 'connection refused', code: 'ECONNREFUSED' },
    });
    expect((output.records[0].err as { stack: string }).stack).toContain('connection refused');
  });

  it('survives circular objects', () => {
    const { output, logger } = loggerWithCapture();
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    logger.info({ node }, 'cycle');
    expect(output.records[0]).toMatchObject({ node: { name: 'a', self: '[circular]' } });
  });
});
