/**
 * The scale-out benchmark's CPU accounting: the parsers of /proc/<pid>/stat and Redis's
 * `INFO cpu`, window arithmetic, and the probe a server process is started with, against a real
 * child process whose own report must agree with what the kernel says of it in /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  childCpu,
  clockTicks,
  parseProcStat,
  parseRedisCpu,
  procCpu,
  procCpuBetween,
  totalSeconds,
} from '../../../bench/cpuAccounting.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A Node child with the probe preloaded and an IPC channel, running `code`. */
function probed(code: string, ipc = true): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './bench/servers/cpuProbe.ts', '--input-type=module', '-e', code],
    { cwd: ROOT, stdio: ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'] },
  );
}

/** Resolves with the first line the child prints. */
async function firstLine(child: ChildProcess): Promise<string> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return chunk.toString().trim();
}

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  }
});

describe('parseProcStat', () => {
  it('reads utime and stime in ticks, counting fields from the last parenthesis', () => {
    // A command name with spaces and parentheses of its own; utime 250, stime 75 (fields 14, 15).
    const line =
      '4242 (post (gres) x) S 1 2197 2197 0 -1 4194304 3927 12650 0 3 250 75 2 11 20 0 1 0 3543 222445568 7451\n';
    expect(parseProcStat(line, 100)).toEqual({ user: 2.5, system: 0.75 });
  });

  it('throws on text that is not a stat line', () => {
    expect(() => parseProcStat('no such process', 100)).toThrow(/stat line/);
    expect(() => parseProcStat('1 (x) S 1 2', 100)).toThrow(/utime/);
  });
});

describe('parseRedisCpu', () => {
  it("reads the server's user and system seconds, not its children's", () => {
    const info = [
      '# CPU',
      'used_cpu_sys:0.227483',
      'used_cpu_user:0.142162',
      'used_cpu_sys_children:9.000000',
      'used_cpu_user_children:9.000000',
      'used_cpu_sys_main_thread:0.227456',
      '',
    ].join('\r\n');
    expect(parseRedisCpu(info)).toEqual({ user: 0.142162, system: 0.227483 });
  });

  it('throws when a field is missing', () => {
    expect(() => parseRedisCpu('# CPU\r\nused_cpu_sys:1.0\r\n')).toThrow(/used_cpu_user/);
  });
});

describe('procCpuBetween', () => {
  it('counts the difference of a process in both readings, all of a new one, nothing of a gone one', () => {
    const before = new Map([
      [1, { user: 1, system: 0.5 }],
      [2, { user: 3, system: 1 }],
    ]);
    const after = new Map([
      [1, { user: 1.5, system: 0.75 }],
      [3, { user: 0.25, system: 0.25 }],
    ]);
    expect(procCpuBetween(before, after)).toEqual({ user: 0.75, system: 0.5 });
  });
});

describe('the CPU probe', () => {
  it("reports the process's own CPU time, which agrees with the kernel's /proc accounting", async () => {
    // Spins until it has used 300 ms of CPU by its own count, then idles until killed.
    const child = probed(
      'while (process.cpuUsage().user < 300_000); console.log("spun"); setInterval(() => {}, 1000);',
    );
    children.push(child);
    expect(await firstLine(child)).toBe('spun');
    const reported = await childCpu(child);
    const ticks = await clockTicks();
    const kernel = (await procCpu([child.pid!], ticks)).get(child.pid!)!;
    expect(reported.user).toBeGreaterThanOrEqual(0.3);
    // Both count every thread of the process; /proc in ticks, so they differ by a few ticks at most.
    expect(Math.abs(totalSeconds(reported) - totalSeconds(kernel))).toBeLessThan(0.05 + 3 / ticks);
  });

  it('does not keep an otherwise finished process alive', async () => {
    const child = probed('console.log("done")');
    children.push(child);
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });

  it('rejects when the child has no IPC channel, or exits before answering', async () => {
    const silent = probed('setInterval(() => {}, 1000)', false);
    children.push(silent);
    await expect(childCpu(silent)).rejects.toThrow(/IPC/);

    // Without the probe nothing answers; the child exits when told to, and the request fails.
    const bare = spawn(process.execPath, ['-e', 'process.on("message", () => process.exit(0))'], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(bare);
    await expect(childCpu(bare)).rejects.toThrow(/exited/);
  });
});
