/**
 * SQLite checkpoints run in a worker thread beside the event loop (server/storage/sqliteCheckpointer.ts):
 * the server's connection never checkpoints inside a commit, yet the WAL is copied into the
 * database file as the log grows, and a clean close leaves no WAL behind.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite checkpoints beside the event loop', () => {
  it('copies the log into the database file from the worker, and a clean close removes the WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-ckpt-'));
    dirs.push(dir);
    const file = join(dir, 'concord.sqlite');
    const storage = await openSqliteStorage({ file });
    const before = statSync(file).size;
    // 2.8 MB of updates: some 700 pages, under the 1,000 at which SQLite would checkpoint inside
    // a commit, so only a checkpoint from elsewhere can move them into the database file.
    const update = new Uint8Array(4000).fill(7);
    for (let i = 0; i < 700; i++) await storage.appendUpdates('text:checkpoints', [update]);

    const reader = new Database(file, { readonly: true });
    try {
      // The database file takes in the log.
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThanOrEqual(before + 2_800_000), {
        timeout: 20_000,
      });
      const row = reader
        .prepare('select count(*) as n from room_updates where room = ?')
        .get('text:checkpoints') as {
        n: number;
      };
      expect(row.n).toBe(700);
    } finally {
      reader.close();
    }
    await storage.close();
    expect(existsSync(`${file}-wal`)).toBe(false);

    // Everything is still there after reopening.
    const again = await openSqliteStorage({ file });
    try {
      expect((await again.loadRoom('text:checkpoints')).updates).toHaveLength(700);
    } finally {
      await again.close();
    }
  });
});
