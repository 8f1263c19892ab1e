/**
 * CPU time spent by the processes of a scale-out run, for the cost of one relayed update: each
 * Concord instance reports its own `process.cpuUsage()` (bench/servers/cpuProbe.ts, over the
 * IPC channel of its child process); Redis reports its own in `INFO cpu`; PostgreSQL backends
 * are read from Linux's /proc/<pid>/stat (the kernel's accounting of those processes), found
 * by the `application_name` the instances connect with. Parsing is pure and kept apart from
 * the readers, which take their connections and file reader as arguments.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/** CPU time of one process or group of processes, in seconds. */
export interface CpuSeconds {
  user: number;
  system: number;
}

/** The sum of user and system time. */
export const totalSeconds = (cpu: CpuSeconds): number => cpu.user + cpu.system;

/** `after - before`, field by field. */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  return { user: after.user - before.user, system: after.system - before.system };
}

/** Field-by-field sum; `{0, 0}` for none. */
export function cpuSum(parts: readonly CpuSeconds[]): CpuSeconds {
  return parts.reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), {
    user: 0,
    system: 0,
  });
}

/**
 * User and system time of one process from the text of /proc/<pid>/stat (`proc(5)`: fields 14
 * `utime` and 15 `stime`, in clock ticks; `ticksPerSecond` is `getconf CLK_TCK`, 100 on Linux).
 * The command name (field 2) is in parentheses and may hold spaces and parentheses itself, so
 * fields are counted from the last `)`. Throws on text that is not a stat line.
 */
export function parseProcStat(text: string, ticksPerSecond: number): CpuSeconds {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc/<pid>/stat line: no command name');
  // After ") " come field 3 (state) onwards: utime is field 14, the 12th of these.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || fields.length < 13)
    throw new Error('not a /proc/<pid>/stat line: no utime and stime');
  return { user: utime / ticksPerSecond, system: stime / ticksPerSecond };
}

/**
 * Redis's own CPU time from the text of `INFO cpu` (`used_cpu_user`, `used_cpu_sys`, seconds,
 * all of the server's threads; background-save children, reported apart, are not counted).
 * Throws when either field is missing.
 */
export function parseRedisCpu(info: string): CpuSeconds {
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:([0-9.]+)\\s*$`, 'm').exec(info);
    if (!m) throw new Error(`INFO cpu has no ${name}`);
    return Number(m[1]);
  };
  return { user: field('used_cpu_user'), system: field('used_cpu_sys') };
}

/** `process.cpuUsage()` (microseconds) as seconds. */
export function fromCpuUsage(usage: NodeJS.CpuUsage): CpuSeconds {
  return { user: usage.user / 1e6, system: usage.system / 1e6 };
}

/** The message a process started with bench/servers/cpuProbe.ts answers with its CPU time. */
export const CPU_REQUEST = 'concord-bench:cpu';

/**
 * Asks a child started with bench/servers/cpuProbe.ts (and an IPC channel) for its own
 * `process.cpuUsage()`. Rejects when the child has no IPC channel, exits, or does not answer
 * within `timeoutMs` (default 10 s; a busy instance answers between two turns of its loop).
 */
export function childCpu(child: ChildProcess, timeoutMs = 10_000): Promise<CpuSeconds> {
  return new Promise((resolve, reject) => {
    if (!child.send || !child.connected) {
      reject(new Error('the child has no IPC channel'));
      return;
    }
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      const m = message as { type?: unknown; usage?: NodeJS.CpuUsage };
      if (m?.type !== CPU_REQUEST || !m.usage) return;
      done();
      resolve(fromCpuUsage(m.usage));
    };
    const onExit = () => {
      done();
      reject(new Error('the child exited before reporting its CPU time'));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the child did not report its CPU time within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: CPU_REQUEST });
  });
}

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`). */
export async function clockTicks(): Promise<number> {
  const { stdout } = await promisify(execFile)('getconf', ['CLK_TCK']);
  const ticks = Number(stdout.trim());
  if (!Number.isInteger(ticks) || ticks <= 0) throw new Error(`getconf CLK_TCK said ${stdout}`);
  return ticks;
}

/**
 * CPU time of the given processes from /proc, summed; a process gone meanwhile counts as none
 * (its time is lost, so read at the start and end of a window while the processes live).
 */
export async function procCpu(
  pids: readonly number[],
  ticksPerSecond: number,
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<Map<number, CpuSeconds>> {
  const entries = await Promise.all(
    pids.map(async (pid) => {
      try {
        return [pid, parseProcStat(await read(`/proc/${pid}/stat`), ticksPerSecond)] as const;
      } catch {
        return null;
      }
    }),
  );
  return new Map(entries.filter((e) => e !== null));
}

/**
 * CPU spent by processes between two readings of {@link procCpu}: processes present in both count
 * their difference, processes that appeared in between count all their time (they started inside
 * the window), processes that vanished count nothing.
 */
export function procCpuBetween(
  before: ReadonlyMap<number, CpuSeconds>,
  after: ReadonlyMap<number, CpuSeconds>,
): CpuSeconds {
  return cpuSum(
    [...after].map(([pid, cpu]) => {
      const start = before.get(pid);
      return start ? cpuBetween(start, cpu) : cpu;
    }),
  );
}
