import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { tempDir } from '../helpers/server.ts';
import { registerStorageContractTests } from './storageContract.ts';

registerStorageContractTests('sqlite', () => {
  const dir = tempDir('concord-sqlite-');
  const file = join(dir, 'nested', 'concord.sqlite');
  return {
    open: () => openSqliteStorage({ file }),
    reopen: () => openSqliteStorage({ file }),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
});
