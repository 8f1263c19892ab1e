import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FsBlobStore } from '../../server/blobs/FsBlobStore.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { tempDir } from '../helpers/server.ts';
import { registerBlobStoreContractTests } from './blobStoreContract.ts';
import { registerSearchIndexContractTests } from './searchIndexContract.ts';
import { registerStorageContractTests } from './storageContract.ts';

// Each suite gets a database file of its own, in a folder the storage must create.
const backend = () => {
  const dir = tempDir('concord-sqlite-');
  const file = join(dir, 'nested', 'concord.sqlite');
  return {
    open: () => openSqliteStorage({ file }),
    reopen: () => openSqliteStorage({ file }),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
};
registerStorageContractTests('sqlite', backend);
registerSearchIndexContractTests('sqlite', backend);

// Kept files beside the database, as the embedded server keeps them (DATA_DIR/blobs).
registerBlobStoreContractTests('files', () => {
  const dir = tempDir('concord-blobs-');
  return {
    open: () => FsBlobStore.open(join(dir, 'blobs')),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
});
