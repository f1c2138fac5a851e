import { yamlFixture } from '../testing/yaml-fixture';
import type { NatsState } from './nats-state';
import { bytes, formatNatsState } from './nats-state-report';

const state = yamlFixture<NatsState>(__dirname, 'nats-state.yaml');

describe('the baton streams report', () => {
  const text = formatNatsState(state, 'nats://127.0.0.1:4222');
  const lines = text.split('\n');

  it('names the server it looked at', () => {
    expect(lines[0]).toBe('NATS at nats://127.0.0.1:4222');
  });

  it('has a row per stream with messages, bytes, first and last sequence and consumer count', () => {
    expect(lines).toContainEqual(
      expect.stringMatching(/^STREAM +MESSAGES +BYTES +FIRST SEQ +LAST SEQ +CONSUMERS$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^BATON_RUNS +1,234 +24 KiB +1 +1234 +1$/));
  });

  it('says which streams and buckets are missing', () => {
    expect(lines).toContainEqual(
      expect.stringMatching(/^BATON_TASKS +missing: no Baton service has started/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^baton_artifacts +object store +missing/));
  });

  it('has a row per consumer with pending, ack pending, redelivered and waiting', () => {
    expect(lines).toContainEqual(
      expect.stringMatching(/^STREAM +CONSUMER +PENDING +ACK PENDING +REDELIVERED +WAITING$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^BATON_INBOX +orchestrator +0 +0 +0 +4$/));
    expect(lines).toContainEqual(expect.stringMatching(/^BATON_RUNS +projector +3 +1 +2 +0$/));
  });

  it('lists the key-value buckets with their values and size', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^baton_ensembles +kv +6 +25 KiB$/));
  });

  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [25_600, '25 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
  ])('reads %d bytes as %s', (value, text) => {
    expect(bytes(value)).toBe(text);
  });
});
