import { Injectable, Logger as NestContextLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CapturedLines, KnownSecrets } from '../testing/captured-lines';
import { createLogger } from './create-logger';
import { NestLogger } from './nest-logger';

function nestLogger(level = 'trace', secrets?: KnownSecrets) {
  const output = new CapturedLines();
  return {
    output,
    logger: new NestLogger(createLogger({ service: 'ingress', level, destination: output, secrets })),
  };
}

describe('NestLogger', () => {
  it("maps Nest's levels to pino's and keeps the context Nest passes last", () => {
    const { output, logger } = nestLogger();
    logger.log('mapped routes', 'RoutesResolver');
    logger.warn('slow start', 'InstanceLoader');
    logger.debug('detail', 'X');
    logger.verbose('more detail', 'X');
    logger.fatal('giving up', 'X');
    expect(output.records.map((record) => [record.level, record.msg, record.context])).toEqual([
      ['info', 'mapped routes', 'RoutesResolver'],
      ['warn', 'slow start', 'InstanceLoader'],
      ['debug', 'detail', 'X'],
      ['trace', 'more detail', 'X'],
      ['fatal', 'giving up', 'X'],
    ]);
  });

  it('logs an error with the stack and context Nest gives', () => {
    const { output, logger } = nestLogger();
    logger.error('handler failed', 'Error: boom\n    at handler', 'ExceptionsHandler');
    expect(output.records[0]).toMatchObject({
      level: 'error',
      msg: 'handler failed',
      stack: 'Error: boom\n    at handler',
      context: 'ExceptionsHandler',
    });
  });

  it('logs an Error object under err and an object message as fields', () => {
    const { output, logger } = nestLogger();
    logger.error(new Error('db down'), 'TypeOrm');
    logger.log({ event: 'listening', port: 8080 }, 'Bootstrap');
    expect(output.records[0]).toMatchObject({
      msg: 'db down',
      err: { message: 'db down' },
      context: 'TypeOrm',
    });
    expect(output.records[1]).toMatchObject({ event: 'listening', port: 8080, context: 'Bootstrap' });
  });

  it('redacts what Nest logs like any other line', () => {
    const secrets = new KnownSecrets().add('pa55word');
    const { output, logger } = nestLogger('info', secrets);
    logger.error('login failed for pa55word', 'Auth');
    expect(output.text).not.toContain('pa55word');
  });

  it('shows only the levels Nest enables', () => {
    const { output, logger } = nestLogger();
    logger.setLogLevels(['error', 'warn']);
    logger.log('hidden');
    logger.warn('shown');
    expect(output.records.map((record) => record.msg)).toEqual(['shown']);
  });

  it("turns Nest's own bootstrap logs into JSON lines", async () => {
    @Injectable()
    class Greeter {
      private readonly log = new NestContextLogger(Greeter.name);
      greet(): void {
        this.log.log('hello');
      }
    }
    @Module({ providers: [Greeter] })
    class AppModule {}

    const { output, logger } = nestLogger('info');
    const app = await NestFactory.createApplicationContext(AppModule, { logger });
    try {
      app.get(Greeter).greet();
    } finally {
      await app.close();
    }
    expect(output.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', context: 'NestFactory' }),
        expect.objectContaining({ level: 'info', msg: 'hello', context: 'Greeter' }),
      ]),
    );
  });
});
