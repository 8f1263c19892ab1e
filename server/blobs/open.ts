/**
 * Opens the BlobStore a configuration names, beside the storage `openConfiguredStorage` opens:
 * PostgreSQL (the same database and schema) when `DATABASE_URL` is set, else files under
 * `DATA_DIR/blobs`.
 */
import { join } from 'node:path';
import type { EnvConfig } from '../config.ts';
import type { BlobStore } from './BlobStore.ts';
import { FsBlobStore } from './FsBlobStore.ts';
import { PostgresBlobStore } from './PostgresBlobStore.ts';

/** The folder of kept files inside a data directory. */
export function blobDirIn(dataDir: string): string {
  return join(dataDir, 'blobs');
}

/** The server's kept files; with PostgreSQL, after the storage has run migration 0012. */
export async function openConfiguredBlobStore(
  config: Pick<EnvConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA'> & { dataDir: string },
): Promise<BlobStore> {
  if (config.DATABASE_URL)
    return new PostgresBlobStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  return FsBlobStore.open(blobDirIn(config.dataDir));
}
