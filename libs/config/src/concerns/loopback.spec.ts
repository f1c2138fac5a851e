import { isLoopbackAddress, listensBeyondLoopback } from './loopback';

describe('loopback addresses', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'])(
    '%s is loopback',
    (address) => expect(isLoopbackAddress(address)).toBe(true),
  );

  it.each([
    '0.0.0.0',
    '::',
    '10.0.0.5',
    '::ffff:10.0.0.5',
    '128.0.0.1',
    '127.0.0.1.evil.example',
    '',
    undefined,
  ])('%s is not loopback', (address) => expect(isLoopbackAddress(address)).toBe(false));

  it('a listen address beyond loopback is one that is not loopback', () => {
    expect(listensBeyondLoopback('0.0.0.0')).toBe(true);
    expect(listensBeyondLoopback('127.0.0.1')).toBe(false);
  });
});
