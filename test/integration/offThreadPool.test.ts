/**
 * The server's bound on worker threads (server/offThread.ts, `OffThreadPool`): jobs beyond the
 * running limit wait their turn, and beyond the waiting limit are refused with 429 at once, so
 * nobody can start worker threads without end (each takes a thread and ~100 MB).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OffThreadPool } from '../../server/offThread.ts';
import { AppError } from '../../shared/errors.ts';

const WORKER = new URL('../fixtures/waitWorker.ts', import.meta.url);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('off-thread pool', () => {
  it('runs at most `workers` jobs at once, queues `queued` more in order, and refuses the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-pool-'));
    dirs.push(dir);
    const release = join(dir, 'release');
    const pool = new OffThreadPool({ workers: 2, queued: 2 });
    const finished: number[] = [];
    const jobs = [1, 2, 3, 4].map((answer) =>
      pool.run<number>(WORKER, { answer, release }).then((n) => {
        finished.push(n);
        return n;
      }),
    );
    expect(pool.load).toEqual({ running: 2, waiting: 2 });
    const refused = pool.run<number>(WORKER, { answer: 5, release });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'rateLimited' });

    writeFileSync(release, '');
    expect(await Promise.all(jobs)).toEqual([1, 2, 3, 4]);
    // The waiting jobs ran only after running ones finished.
    expect(finished.slice(2).sort()).toEqual([3, 4]);
    await vi.waitFor(() => expect(pool.load.running).toBe(0), { timeout: 20_000 });
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
    // A free pool takes jobs again.
    expect(await pool.run<number>(WORKER, { answer: 6, release })).toBe(6);
  });
});
