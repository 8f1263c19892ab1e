/** Resident memory of a server process, read from Linux's /proc. */
import { readFile, writeFile } from 'node:fs/promises';

/** A process's resident memory now and its peak (VmRSS, VmHWM of /proc/<pid>/status), MB. */
export async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kB('VmRSS') / 1024, hwm: kB('VmHWM') / 1024 };
}

/**
 * The server's peak resident memory while `during` runs: its high-water mark is reset first
 * (`5` to /proc/<pid>/clear_refs, allowed on our own child) so the start-up peak does not count,
 * and VmRSS is also sampled every 20 ms in case the reset is not permitted.
 */
export async function peakDuring<T>(pid: number, during: () => Promise<T>) {
  await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
  const before = await memoryOf(pid);
  let sampled = before.rss;
  const timer = setInterval(() => {
    void memoryOf(pid).then(
      (m) => (sampled = Math.max(sampled, m.rss)),
      () => undefined,
    );
  }, 20);
  try {
    const result = await during();
    const after = await memoryOf(pid);
    return { result, before: before.rss, peak: Math.max(sampled, after.hwm, after.rss) };
  } finally {
    clearInterval(timer);
  }
}
