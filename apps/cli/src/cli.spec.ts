import { runCli } from './cli';
import { plannedCommand } from './commands/planned';
import { COMMANDS } from './commands/registry';
import { capturedIo } from './testing/captured-io';

const VERBS_OF_THE_INTERFACE = [
  'validate',
  'start',
  'run',
  'runs',
  'approve',
  'reject',
  'webhook',
  'streams',
  'ensembles',
  'logs',
  'provision',
  'projections',
];

describe('baton', () => {
  it('lists every verb of the interface, in its order, under `baton help`', async () => {
    const io = capturedIo({ cwd: process.cwd() });
    expect(await runCli(['help'], io)).toBe(0);
    const listed = io
      .out()
      .split('\n')
      .filter((line) => line.startsWith('  baton '))
      .map((line) => line.trim().split(' ')[1]);
    expect([...new Set(listed)]).toEqual(VERBS_OF_THE_INTERFACE);
    expect(io.out()).toContain('runs show <id>');
    expect(io.out()).toContain('runs cancel <id>');
    expect(io.out()).toContain('webhook send <path> --data <@file|json> [--scheme <scheme>] [--secret <s>]');
  });

  it('marks the verbs this build does not have yet, and only those', async () => {
    const io = capturedIo({ cwd: process.cwd() });
    await runCli(['--help'], io);
    const lines = io.out().split('\n');
    for (const command of COMMANDS) {
      const synopsis = lines.indexOf(`  baton ${command.synopses[0]}`);
      const summary = lines[synopsis + command.synopses.length];
      expect(summary.includes('not in this build yet')).toBe(!command.available);
    }
  });

  it('prints the usage on stderr and exits 2 when no command is given', async () => {
    const io = capturedIo({ cwd: process.cwd() });
    expect(await runCli([], io)).toBe(2);
    expect(io.err()).toContain('Usage: baton <command>');
    expect(io.out()).toBe('');
  });

  it('prints the usage and suggests the nearest verb for an unknown command, exiting 2', async () => {
    const io = capturedIo({ cwd: process.cwd() });
    expect(await runCli(['valdiate', 'x.yaml'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'valdiate'. Did you mean 'validate'?");
    expect(io.err()).toContain('Usage: baton <command>');
  });

  it('suggests nothing when no verb is close to the unknown command', async () => {
    const io = capturedIo({ cwd: process.cwd() });
    expect(await runCli(['deploy'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'deploy'.\n");
    expect(io.err()).not.toContain('Did you mean');
  });

  it('prints a verb’s own help for `baton help <verb>` and `baton <verb> --help`', async () => {
    const viaHelp = capturedIo({ cwd: process.cwd() });
    const viaFlag = capturedIo({ cwd: process.cwd() });
    expect(await runCli(['help', 'validate'], viaHelp)).toBe(0);
    expect(await runCli(['validate', '--help'], viaFlag)).toBe(0);
    expect(viaHelp.out()).toContain('Usage: baton validate');
    expect(viaHelp.out()).toContain('--graph');
    expect(viaFlag.out()).toBe(viaHelp.out());
  });

  it('says that a promised verb is not built yet and exits 1', async () => {
    const teleport = plannedCommand({
      name: 'teleport',
      synopses: ['teleport <run>'],
      summary: 'move a run',
    });
    const io = capturedIo({ cwd: process.cwd() });
    expect(await runCli(['teleport', 'r-1'], io, [teleport])).toBe(1);
    expect(io.err()).toBe('baton teleport: not available in this build yet\n');
  });

  it('gives each verb a unique name', () => {
    const names = COMMANDS.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
