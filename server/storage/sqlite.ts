/** The embedded default backend: one SQLite file in WAL mode through better-sqlite3. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStorage } from './KyselyStorage.ts';
import { startCheckpointer, type Checkpointer } from './sqliteCheckpointer.ts';
import type { Database as Schema } from './schema.ts';

export interface SqliteStorageOptions {
  /** Path of the database file; its folder is created when missing. */
  file: string;
  /** How long a write waits for another connection's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/**
 * SQLite storage. Every query goes through Kysely except the update log's append, the one hot
 * path: there prepared statements in a synchronous transaction cost a few microseconds instead
 * of Kysely's per-query compile and async round trips.
 */
export class SqliteStorage extends KyselyStorage {
  private readonly appendTx: (room: string, updates: readonly Uint8Array[]) => number;
  private readonly compactTx: Database.Transaction<
    (room: string, snapshot: Uint8Array, throughSeq: number) => void
  >;

  private constructor(
    db: Kysely<Schema>,
    database: Database.Database,
    private readonly checkpointer: Checkpointer,
  ) {
    super(db, 'sqlite');
    const bump = database.prepare<[{ room: string; n: number }], { last_seq: number }>(
      `insert into rooms (name, last_seq, snapshot, snapshot_seq) values (@room, @n, null, 0)
       on conflict (name) do update set last_seq = rooms.last_seq + @n returning last_seq`,
    );
    const insert = database.prepare<[string, number, Uint8Array]>(
      'insert into room_updates (room, seq, data) values (?, ?, ?)',
    );
    this.appendTx = database.transaction((room: string, updates: readonly Uint8Array[]) => {
      const last = bump.get({ room, n: updates.length })!.last_seq;
      const first = last - updates.length + 1;
      updates.forEach((data, i) => insert.run(room, first + i, data));
      return last;
    });
    const setSnapshot = database.prepare<[Uint8Array, number, string, number, number]>(
      `update rooms set snapshot = ?, snapshot_seq = ?
       where name = ? and snapshot_seq <= ? and last_seq >= ?`,
    );
    const deleteMerged = database.prepare<[string, number]>(
      'delete from room_updates where room = ? and seq <= ?',
    );
    // Synchronous too: a transaction spanning awaits would hold SQLite's write lock across event
    // loop turns, and a second connection in the same process would block on it until timeout.
    this.compactTx = database.transaction((room: string, snapshot: Uint8Array, throughSeq: number) => {
      // Only delete what this snapshot really covers; a stale compaction changes nothing.
      if (setSnapshot.run(snapshot, throughSeq, room, throughSeq, throughSeq).changes === 0) return;
      deleteMerged.run(room, throughSeq);
    });
  }

  static async openFile({ file, busyTimeoutMs = 5000 }: SqliteStorageOptions): Promise<SqliteStorage> {
    mkdirSync(dirname(file), { recursive: true });
    const database = new Database(file);
    // WAL lets readers run beside the writer. synchronous=NORMAL keeps every committed transaction
    // across a process crash (kill -9); only an OS crash or power loss can lose the last commits.
    const wal = database.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
    await KyselyStorage.migrate(db, 'sqlite');
    // Checkpoints run beside the event loop, not inside the commit that crosses the threshold.
    // (An in-memory database has no WAL and nothing to checkpoint.)
    const checkpointer = wal ? startCheckpointer(database, file) : { close: () => Promise.resolve() };
    return new SqliteStorage(db, database, checkpointer);
  }

  /** Stops the checkpointer (after a last checkpoint), then closes the connection. */
  override async close(): Promise<void> {
    await this.checkpointer.close();
    await super.close();
  }

  override appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0)
      return Promise.reject(new RangeError('appendUpdates needs at least one update'));
    try {
      return Promise.resolve(this.appendTx(room, updates));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  override compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    try {
      this.compactTx.immediate(room, snapshot, throughSeq);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

/** Opens (and migrates) a SQLite database file. */
export function openSqliteStorage(options: SqliteStorageOptions): Promise<SqliteStorage> {
  return SqliteStorage.openFile(options);
}
