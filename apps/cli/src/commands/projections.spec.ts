import { projectionsCommand } from './projections';
import { capturedIo } from '../testing/captured-io';

describe('baton projections', () => {
  it.each([
    [[], 'what to do? (rebuild)'],
    [['refresh'], "unknown action 'refresh' (rebuild)"],
    [['rebuild', 'now'], "unexpected argument 'now'"],
    [['rebuild', '--force'], "Unknown option '--force'"],
  ])('refuses %j with its usage (exit 2)', async (args, message) => {
    const io = capturedIo({ cwd: process.cwd() });
    expect(await projectionsCommand.run(args, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.err()).toContain('baton projections rebuild');
  });

  it('refuses a DATABASE_URL that is no URL before it starts anything', async () => {
    const io = capturedIo({ cwd: process.cwd(), env: { DATABASE_URL: 'not a url' } });
    expect(await projectionsCommand.run(['rebuild'], io)).toBe(2);
    expect(io.err()).toContain('DATABASE_URL');
  });
});
