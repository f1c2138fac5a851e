/**
 * CPU time and resident memory of processes, from Linux's /proc: what each service process costs
 * during a measured drive (CPU seconds) and at idle (RSS). A process is counted with its
 * descendants, so a command that starts children (`baton start`) is measured whole.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  readonly pid: number;
  readonly parentPid: number;
  /** User plus system CPU time, in clock ticks. */
  readonly cpuTicks: number;
}

/**
 * One `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and may itself hold
 * spaces and parentheses, so the fields are counted from the last `)`.
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  // After the name: field 3 (state) is index 0, so field n is index n - 3.
  const fields = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number) => Number(fields[n - 3]);
  const utime = field(14);
  const stime = field(15);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`no CPU times in /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  }
  return { pid: Number(line.slice(0, open)), parentPid: field(4), cpuTicks: utime + stime };
}

/** `VmRSS` of a `/proc/<pid>/status` text, in bytes (0 for a process without memory, a zombie). */
export function parseRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, 100 on Linux nearly everywhere). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isFinite(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Every process's stat line, read once: a snapshot several processes are measured from. */
export function allProcStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** The pid and every process descending from it (children of children too), or [] if it is gone. */
export function processTree(pid: number, stats: readonly ProcStat[] = allProcStats()): number[] {
  return descendantsOf(pid, stats);
}

/** The pid and its descendants among `stats` (breadth first); [] when `pid` is not among them. */
export function descendantsOf(pid: number, stats: readonly ProcStat[]): number[] {
  if (!stats.some((stat) => stat.pid === pid)) return [];
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const stat of stats) if (stat.parentPid === tree[i]) tree.push(stat.pid);
  }
  return tree;
}

/** CPU seconds (user + system) a process and its descendants have used so far. */
export function cpuSeconds(pid: number, stats: readonly ProcStat[] = allProcStats()): number {
  const byPid = new Map(stats.map((stat) => [stat.pid, stat.cpuTicks]));
  const ticks = processTree(pid, stats).reduce((sum, each) => sum + (byPid.get(each) ?? 0), 0);
  return ticks / clockTicksPerSecond();
}

/** Resident memory of a process and its descendants, in bytes. */
export function rssBytes(pid: number): number {
  return processTree(pid).reduce((sum, each) => {
    try {
      return sum + parseRssBytes(readFileSync(`/proc/${each}/status`, 'utf8'));
    } catch {
      return sum;
    }
  }, 0);
}

export const MIB = 1024 * 1024;
