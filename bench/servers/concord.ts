/** Concord as the relay benchmark runs it: durable, on a SQLite file in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { FsBlobStore } from '../../server/blobs/FsBlobStore.ts';
import { defaultAppConfig } from '../../server/config.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'concord-bench-'));
const storage = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
const blobs = await FsBlobStore.open(join(dir, 'blobs'));
const app = createApp({ storage, blobs, logger: pino({ level: 'warn' }), config: defaultAppConfig });
const admin = await app.auth.createUser({
  email: 'bench@concord.local',
  name: 'Bench',
  password: 'bench-password-1',
  isAdmin: true,
});
const { token } = await app.auth.createApiToken(admin.id, 'bench');
const { port } = await app.listen(0, '127.0.0.1');
process.stdout.write(`TOKEN ${token}\nPORT ${port}\n`);
process.once('SIGTERM', () => {
  void app.close().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
