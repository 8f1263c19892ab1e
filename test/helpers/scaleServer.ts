/**
 * In-process Concord instances on a shared PostgreSQL schema with the Redis fan-out: several
 * "instances" in one test process, each with its own pool, Redis connections and rooms.
 */
import { pino } from 'pino';
import { createApp, type App } from '../../server/app.ts';
import { PostgresBlobStore } from '../../server/blobs/PostgresBlobStore.ts';
import { defaultAppConfig, type AppConfig } from '../../server/config.ts';
import { createMetrics } from '../../server/metrics.ts';
import { RedisFanout } from '../../server/scale/RedisFanout.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import type { ReadPdf } from '../../server/services/import/documents.ts';
import type { Logger } from '../../server/logger.ts';
import type { Project, Document } from '../../shared/schemas.ts';
import { roomName } from '../../shared/protocol.ts';
import { api, type ApiResponse } from './server.ts';

export interface ScaleInstance {
  app: App;
  instanceId: string;
  http: string;
  ws: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface ScaleInstanceOptions {
  databaseUrl: string;
  schema: string;
  /** Omit for an instance without fan-out (log watcher only). */
  redisUrl?: string;
  channelPrefix: string;
  instanceId: string;
  /** Administrator token shared by all instances (the users table is shared). */
  token: () => string;
  config?: Partial<AppConfig>;
  /** Reads PDFs; default: the server's own (PDF.js in a worker). */
  readPdf?: ReadPdf;
  /** The instance's logger; default: silent (or TEST_LOG_LEVEL). */
  logger?: Logger;
}

export async function startScaleInstance(options: ScaleInstanceOptions): Promise<ScaleInstance> {
  const logger = (options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })).child({
    instance: options.instanceId,
  });
  const storage = await openPostgresStorage({
    url: options.databaseUrl,
    schema: options.schema,
    poolSize: 4,
  });
  const metrics = createMetrics();
  const fanout = options.redisUrl
    ? new RedisFanout({
        url: options.redisUrl,
        channelPrefix: options.channelPrefix,
        instanceId: options.instanceId,
        maxReconnectDelayMs: 200,
        logger,
        metrics,
      })
    : undefined;
  const app = createApp({
    storage,
    // Kept files in the shared schema, as production keeps them.
    blobs: new PostgresBlobStore({ url: options.databaseUrl, schema: options.schema, poolSize: 2 }),
    logger,
    metrics,
    fanout,
    config: { ...defaultAppConfig, ...options.config },
    readPdf: options.readPdf,
  });
  const { port } = await app.listen(0, '127.0.0.1');
  const http = `http://127.0.0.1:${port}`;
  return {
    app,
    instanceId: options.instanceId,
    http,
    ws: `ws://127.0.0.1:${port}/sync`,
    api: (method, path, body) => api(http, method, path, body, options.token()),
    close: () => app.close(),
  };
}

/** Creates the administrator (once, in the shared database) and returns an API token for them. */
export async function createAdminToken(app: App): Promise<string> {
  const admin = await app.auth.createUser({
    email: 'admin@scale.test',
    name: 'Admin',
    password: 'scale-admin-password',
    isAdmin: true,
  });
  return (await app.auth.createApiToken(admin.id, 'tests')).token;
}

/** Creates a project with one document through the REST API; returns the document's text room. */
export async function createTextRoom(
  call: <T>(method: string, path: string, body?: unknown) => Promise<ApiResponse<T>>,
  text = 'x',
): Promise<string> {
  const project = await call<Project>('POST', '/api/projects', { name: 'Scale' });
  if (project.status !== 201 && project.status !== 200)
    throw new Error(`project: ${JSON.stringify(project.body)}`);
  const doc = await call<Document>('POST', `/api/projects/${project.body.id}/documents`, {
    title: 't',
    text,
  });
  if (doc.status !== 201 && doc.status !== 200) throw new Error(`document: ${JSON.stringify(doc.body)}`);
  return roomName.text(doc.body.id);
}

/** Reads one sample from a Prometheus text page (`name` or `name{labels}`); 0 when absent. */
export async function metric(http: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${http}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
