import { spawn } from 'node:child_process';
import {
  clockTicksPerSecond,
  cpuSeconds,
  descendantsOf,
  parseProcStat,
  parseRssBytes,
  processTree,
  rssBytes,
} from './process-stats';

describe('parseProcStat', () => {
  it('reads the parent pid and user plus system ticks (fields 4, 14 and 15)', () => {
    const line =
      '4242 (node) S 17 4242 17 0 -1 4194304 100 0 0 0 250 31 0 0 20 0 11 0 312516 3133440 389 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, parentPid: 17, cpuTicks: 281 });
  });

  it('counts fields after the last parenthesis, whatever the command name holds', () => {
    const line = '7 (a (b) c) d) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 1 1 1 1';
    expect(parseProcStat(line)).toEqual({ pid: 7, parentPid: 1, cpuTicks: 11 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow('not a /proc/<pid>/stat line');
  });
});

describe('parseRssBytes', () => {
  it('reads VmRSS in bytes', () => {
    expect(parseRssBytes('Name:\tnode\nVmRSS:\t   81920 kB\nVmSwap:\t0 kB\n')).toBe(81920 * 1024);
  });

  it('is 0 for a process without resident memory (no VmRSS line)', () => {
    expect(parseRssBytes('Name:\tzombie\nState:\tZ (zombie)\n')).toBe(0);
  });
});

describe('descendantsOf', () => {
  const stat = (pid: number, parentPid: number) => ({ pid, parentPid, cpuTicks: 0 });

  it('holds the process, its children and their children, and nothing else', () => {
    const stats = [stat(1, 0), stat(10, 1), stat(11, 10), stat(12, 10), stat(13, 11), stat(20, 1)];
    expect(descendantsOf(10, stats).sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
  });

  it('is empty for a process that is not running', () => {
    expect(descendantsOf(99, [stat(1, 0)])).toEqual([]);
  });
});

describe('this machine', () => {
  it('counts a child process in its parent tree, its CPU and its memory', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(processTree(process.pid)).toContain(child.pid);
      expect(rssBytes(process.pid)).toBeGreaterThan(rssBytes(child.pid as number));
      expect(cpuSeconds(process.pid)).toBeGreaterThan(0);
      expect(clockTicksPerSecond()).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('measures nothing for a pid that does not exist', () => {
    expect(processTree(2 ** 22 + 1)).toEqual([]);
    expect(cpuSeconds(2 ** 22 + 1)).toBe(0);
  });
});
