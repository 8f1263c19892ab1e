/** The embedded default backend: one SQLite file in WAL mode through better-sqlite3. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStorage } from './KyselyStorage.ts';
import type { Database as Schema } from './schema.ts';

export interface SqliteStorageOptions {
  /** Path of the database file; its folder is created when missing. */
  file: string;
  /** How long a write waits for another connection's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens (and migrates) a SQLite database file. */
export async function openSqliteStorage({
  file,
  busyTimeoutMs = 5000,
}: SqliteStorageOptions): Promise<KyselyStorage> {
  mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  // WAL lets readers run beside the writer. synchronous=NORMAL keeps every committed transaction
  // across a process crash (kill -9); only an OS crash or power loss can lose the last commits.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return KyselyStorage.open(new Kysely<Schema>({ dialect: new SqliteDialect({ database }) }), 'sqlite');
}
