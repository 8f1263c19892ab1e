import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { tempDir } from '../helpers/server.ts';
import { registerSearchIndexContractTests } from './searchIndexContract.ts';

registerSearchIndexContractTests('sqlite', () => {
  const dir = tempDir('concord-search-');
  const file = join(dir, 'concord.sqlite');
  return {
    open: () => openSqliteStorage({ file }),
    reopen: () => openSqliteStorage({ file }),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
});
