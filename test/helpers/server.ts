/** Starts a real Concord server on port 0 over a real SQLite file in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../../server/app.ts';
import { defaultAppConfig, type AppConfig } from '../../server/config.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';

export interface TestServer {
  app: App;
  port: number;
  /** `http://127.0.0.1:<port>` */
  http: string;
  /** `ws://127.0.0.1:<port>/sync`, the serverUrl a WebsocketProvider takes. */
  ws: string;
  dataDir: string;
  dbFile: string;
  /** Stops the server (storage closed); the data folder stays for a restart. */
  stop(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

export function tempDir(prefix = 'concord-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServer(
  options: { dataDir?: string; config?: Partial<AppConfig>; busyTimeoutMs?: number } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const dbFile = join(dataDir, 'concord.sqlite');
  const storage = await openSqliteStorage({ file: dbFile, busyTimeoutMs: options.busyTimeoutMs });
  const app = createApp({
    storage,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    config: { ...defaultAppConfig, ...options.config },
  });
  const { port } = await app.listen(0, '127.0.0.1');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    dbFile,
    stop,
    async destroy() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON request helper that returns status and parsed body. */
export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
