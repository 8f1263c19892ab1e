/** Starts a real Concord server on port 0 over a real SQLite file in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../../server/app.ts';
import { FsBlobStore } from '../../server/blobs/FsBlobStore.ts';
import { blobDirIn } from '../../server/blobs/open.ts';
import { loadDemoProject, type DemoCredential } from '../../server/demo/loadDemo.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project, User } from '../../shared/schemas.ts';
import { defaultAppConfig, type AppConfig } from '../../server/config.ts';
import type { Logger } from '../../server/logger.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { ReadPdf } from '../../server/services/import/documents.ts';

export interface TestServer {
  app: App;
  port: number;
  /** `http://127.0.0.1:<port>` */
  http: string;
  /** `ws://127.0.0.1:<port>/sync`, the serverUrl a WebsocketProvider takes. */
  ws: string;
  dataDir: string;
  dbFile: string;
  /** An administrator and an API token for them; helpers below use it unless told otherwise. */
  admin: User;
  token: string;
  /** JSON request as the administrator, or with another token (`null`: anonymous). */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ): Promise<ApiResponse<T>>;
  /** Creates a user with a password and returns them with an API token. */
  user(
    name: string,
    options?: { isAdmin?: boolean },
  ): Promise<{ user: User; token: string; password: string }>;
  /** Creates a project holding one document (as the administrator); returns the text room's name too. */
  newDocument(text?: string, title?: string): Promise<{ project: Project; document: Document; room: string }>;
  /** Loads the demo project; its members get API tokens. */
  loadDemo(): Promise<{ project: Project; members: (DemoCredential & { id: string; token: string })[] }>;
  /** Stops the server (storage closed); the data folder stays for a restart. */
  stop(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

export function tempDir(prefix = 'concord-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServer(
  options: {
    dataDir?: string;
    config?: Partial<AppConfig>;
    busyTimeoutMs?: number;
    clientDir?: string;
    /** The server's logger; default: silent (or TEST_LOG_LEVEL). */
    logger?: Logger;
    /** Reads PDFs; default: the server's own (PDF.js in a worker). */
    readPdf?: ReadPdf;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const dbFile = join(dataDir, 'concord.sqlite');
  const storage = await openSqliteStorage({ file: dbFile, busyTimeoutMs: options.busyTimeoutMs });
  const blobs = await FsBlobStore.open(blobDirIn(dataDir));
  const app = createApp({
    storage,
    blobs,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    config: { ...defaultAppConfig, ...options.config },
    clientDir: options.clientDir,
    readPdf: options.readPdf,
  });
  const { port } = await app.listen(0, '127.0.0.1');
  const http = `http://127.0.0.1:${port}`;
  const password = 'test-password-123';
  const admin = await app.auth.createUser({
    email: `admin-${port}@test.local`,
    name: 'Admin',
    password,
    isAdmin: true,
  });
  const { token } = await app.auth.createApiToken(admin.id, 'tests');
  const logger = pino({ level: 'silent' });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    port,
    http,
    ws: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    dbFile,
    admin,
    token,
    api: (method, path, body, as) => api(http, method, path, body, as === undefined ? token : as),
    async user(name, options = {}) {
      const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@test.local`;
      const user = await app.auth.createUser({ email, name, password, isAdmin: options.isAdmin ?? false });
      return { user, password, token: (await app.auth.createApiToken(user.id, 'tests')).token };
    },
    async newDocument(text = 'Interview transcript.', title = 'T1') {
      const project = await api<Project>(http, 'POST', '/api/projects', { name: 'Study' }, token);
      const document = await api<Document>(
        http,
        'POST',
        `/api/projects/${project.body.id}/documents`,
        { title, text },
        token,
      );
      if (document.status !== 201) throw new Error(`document not created: ${JSON.stringify(document.body)}`);
      return { project: project.body, document: document.body, room: roomName.text(document.body.id) };
    },
    async loadDemo() {
      const demo = await loadDemoProject({ ...app.services, projects: app.projects, auth: app.auth, logger });
      if (!demo) throw new Error('the demo project was loaded before');
      const members = await Promise.all(
        demo.members.map(async (m) => {
          const user = (await app.storage.getUserByEmail(m.email))!;
          return { ...m, id: user.id, token: (await app.auth.createApiToken(user.id, 'tests')).token };
        }),
      );
      return { project: demo.project, members };
    },
    stop,
    async destroy() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON request helper that returns status, parsed body and headers. */
export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}
