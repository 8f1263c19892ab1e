/** Opens the storage a configuration names: PostgreSQL when `DATABASE_URL` is set, else SQLite. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvConfig } from '../config.ts';
import { openPostgresStorage } from './postgres.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { Storage } from './Storage.ts';

/** The SQLite database file inside a data directory. */
export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, 'concord.sqlite');
}

/**
 * The server's storage, as `npm start` opens it (migrations included).
 *
 * @param options.mustExist refuse (throw) when the SQLite file is missing instead of creating an
 *   empty database, for commands that work on an existing server's data.
 */
export async function openConfiguredStorage(
  config: Pick<EnvConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE'> & { dataDir: string },
  options: { mustExist?: boolean } = {},
): Promise<Storage> {
  if (config.DATABASE_URL) {
    return openPostgresStorage({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      poolSize: config.DATABASE_POOL_SIZE,
    });
  }
  const file = sqliteFileIn(config.dataDir);
  if (options.mustExist && !existsSync(file)) {
    throw new Error(`no Concord data in ${config.dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  }
  return openSqliteStorage({ file });
}
