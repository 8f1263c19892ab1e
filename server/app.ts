/**
 * Assembles the server from its parts. Everything it needs is passed in, so tests and benchmarks
 * build the same app on a temporary database and port 0.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { CONSENSUS, type RoomName } from '../shared/protocol.ts';
import type { AppConfig } from './config.ts';
import { errorHandler, notFoundHandler } from './http/errorHandler.ts';
import { openApiDocument } from './http/openapi.ts';
import { agreementRouter } from './http/agreementRouter.ts';
import { projectsRouter } from './http/projectsRouter.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { AgreementService } from './services/AgreementService.ts';
import { ProjectService, type ServiceDeps } from './services/ProjectService.ts';
import type { Storage } from './storage/Storage.ts';
import { RoomRegistry } from './sync/RoomRegistry.ts';
import { SyncServer, type RoomVerdict } from './sync/SyncServer.ts';

export interface AppDeps {
  storage: Storage;
  logger: Logger;
  config: AppConfig;
  /** Defaults to the system clock. */
  now?: () => Date;
  /** Defaults to 16 random base64url characters. */
  newId?: () => string;
}

export interface App {
  server: Server;
  registry: RoomRegistry;
  projects: ProjectService;
  agreement: AgreementService;
  /** What services need: storage, rooms, clock, ids. */
  services: ServiceDeps;
  metrics: Metrics;
  storage: Storage;
  /** Starts listening; resolves with the bound address (use port 0 for any free port). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Graceful stop: refuse new connections, flush and compact rooms, close sockets and storage. */
  close(): Promise<void>;
}

const VERSION = '0.1.0';

export function createApp(deps: AppDeps): App {
  const { storage, logger, config } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => randomBytes(12).toString('base64url'));
  const metrics = createMetrics();
  const registry = new RoomRegistry({
    storage,
    logger,
    metrics,
    now: () => now().getTime(),
    compactAfter: config.compactAfter,
    maxBatch: 1000,
    unloadAfterMs: config.roomUnloadMs,
  });
  const services: ServiceDeps = { storage, registry, now, newId };
  const projects = new ProjectService(services);
  const agreement = new AgreementService(services);

  const http = express();
  http.disable('x-powered-by');
  http.use(express.json({ limit: config.maxBodyBytes }));

  http.get('/healthz', async (_req, res) => {
    try {
      await storage.ping();
      res.json({ status: 'ok', storage: storage.kind, rooms: registry.size });
    } catch (err) {
      logger.warn({ err }, 'health check: storage unavailable');
      res.status(503).json({ status: 'unavailable', storage: storage.kind });
    }
  });
  http.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  http.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(VERSION));
  });
  http.use('/api', projectsRouter({ projects, storage }));
  http.use(
    '/api',
    agreementRouter({
      agreement,
      projects,
      registry,
      logger,
      liveDebounceMs: config.liveDebounceMs,
      keepAliveMs: 25_000,
    }),
  );
  http.use('/api', notFoundHandler);
  http.use(errorHandler(logger));

  const server = createServer(http);
  const sync = new SyncServer({
    registry,
    admit: (room) => admitRoom(storage, room),
    logger,
    metrics,
    maxFrameBytes: config.maxFrameBytes,
    pingIntervalMs: config.pingIntervalMs,
  });
  sync.attach(server);

  let closing: Promise<void> | null = null;
  return {
    server,
    registry,
    projects,
    agreement,
    services,
    metrics,
    storage,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      closing ??= (async () => {
        sync.stopAccepting();
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await registry.closeAll();
        await sync.close();
        server.closeAllConnections();
        await httpClosed;
        await storage.close();
      })();
      return closing;
    },
  };
}

/** Rooms exist only for things that exist: a project, a document, a known coder (or consensus). */
async function admitRoom(storage: Storage, room: RoomName): Promise<RoomVerdict> {
  const missing = (what: string): RoomVerdict => ({
    ok: false,
    status: 404,
    message: `${what} does not exist`,
  });
  switch (room.kind) {
    case 'codebook':
      if (!(await storage.getProject(room.projectId))) return missing(`project '${room.projectId}'`);
      break;
    case 'text':
      if (!(await storage.getDocument(room.documentId))) return missing(`document '${room.documentId}'`);
      break;
    case 'layer':
      if (!(await storage.getDocument(room.documentId))) return missing(`document '${room.documentId}'`);
      if (room.coderId !== CONSENSUS && !(await storage.getUser(room.coderId))) {
        return missing(`coder '${room.coderId}'`);
      }
      break;
  }
  return { ok: true, access: 'write', userId: null };
}
