/**
 * Assembles the server from its parts. Everything it needs is passed in, so tests and benchmarks
 * build the same app on a temporary database and port 0.
 */
import { OffThreadPool } from './offThread.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import type { RoomName, SyncLimits } from '../shared/protocol.ts';
import { AuthService } from './auth/AuthService.ts';
import type { AppConfig } from './config.ts';
import { agreementRouter } from './http/agreementRouter.ts';
import { analysisRouter } from './http/analysisRouter.ts';
import { authenticate, authOf, csrfProtection, presentedSecret, sameOrigin } from './http/auth.ts';
import { authRouter } from './http/authRouter.ts';
import { errorHandler, notFoundHandler } from './http/errorHandler.ts';
import { exportRouter } from './http/exportRouter.ts';
import { importRouter } from './http/importRouter.ts';
import { membersRouter } from './http/membersRouter.ts';
import { memosRouter } from './http/memosRouter.ts';
import { MemoService } from './services/MemoService.ts';
import { openApiDocument } from './http/openapi.ts';
import { timelineRouter } from './http/timelineRouter.ts';
import { projectsRouter } from './http/projectsRouter.ts';
import { sourcesRouter } from './http/sourcesRouter.ts';
import type { BlobStore } from './blobs/BlobStore.ts';
import { deleteUnreferenced, sweepUnreferenced } from './blobs/unreferenced.ts';
import { PeriodicCheck } from './PeriodicCheck.ts';
import type { ReadPdf } from './services/import/documents.ts';
import { extractPdfText } from './services/import/pdf.ts';
import { TaskGate } from './services/import/taskGate.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { AccessService } from './services/AccessService.ts';
import { AccessWatcher } from './services/AccessWatcher.ts';
import { AgreementService } from './services/AgreementService.ts';
import { AnalysisService } from './services/AnalysisService.ts';
import { ExportService } from './services/export/ExportService.ts';
import { ImportService } from './services/import/ImportService.ts';
import { LiveStreams } from './services/LiveStreams.ts';
import { DEFAULT_ZIP_LIMITS } from './services/import/zip.ts';
import { ProgressService } from './services/ProgressService.ts';
import { ProjectService, type ServiceDeps } from './services/ProjectService.ts';
import type { Storage } from './storage/Storage.ts';
import { readinessHandler } from './http/readiness.ts';
import { reviewRouter } from './http/reviewRouter.ts';
import { codebookRouter } from './http/codebookRouter.ts';
import { roundsRouter } from './http/roundsRouter.ts';
import { casesRouter } from './http/casesRouter.ts';
import { searchRouter } from './http/searchRouter.ts';
import { SearchService } from './search/SearchService.ts';
import { AssignmentService } from './services/AssignmentService.ts';
import { CodebookVersions } from './services/CodebookVersions.ts';
import { RoundService } from './services/RoundService.ts';
import { webClient } from './http/webClient.ts';
import { newId as randomId } from './ids.ts';
import { LogWatcher } from './sync/LogWatcher.ts';
import type { Fanout } from './sync/RoomFanout.ts';
import { RoomRegistry } from './sync/RoomRegistry.ts';
import { SyncServer, type RoomVerdict } from './sync/SyncServer.ts';

export interface AppDeps {
  storage: Storage;
  /** Kept originals of PDF documents and recordings; closed by `close`. */
  blobs: BlobStore;
  logger: Logger;
  config: AppConfig;
  /** Defaults to the system clock. */
  now?: () => Date;
  /** Defaults to 16 random base64url characters, never starting with `-` (see `ids.ts`). */
  newId?: () => string;
  /** Cross-instance fan-out (Redis) when several instances share the database; closed by `close`. */
  fanout?: Fanout;
  /** Defaults to a fresh set; pass one to share it with the fan-out. */
  metrics?: Metrics;
  /** The built web client served at `/`; defaults to `client/dist`. */
  clientDir?: string;
  /**
   * Reads a PDF's text and pages; defaults to `extractPdfText` (PDF.js in a worker). Either way
   * at most two PDFs are read at once.
   */
  readPdf?: ReadPdf;
}

/**
 * helmet's defaults, adjusted for the web client: CodeMirror and Lit add style elements and style
 * attributes (editor geometry, code colours), so inline styles are allowed, scripts are not; fetch,
 * Server-Sent Events and the sync websocket stay on our own origin. No upgrade-insecure-requests:
 * on plain HTTP (a LAN host, no TLS proxy) it would send every request to an https port nobody serves.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'upgrade-insecure-requests': null,
};

/** How long a room waits for a missing log number to arrive over the fan-out before reading it. */
const FANOUT_GAP_GRACE_MS = 50;

export interface App {
  server: Server;
  registry: RoomRegistry;
  projects: ProjectService;
  agreement: AgreementService;
  auth: AuthService;
  access: AccessService;
  /** Imports; `cleanUpAbandoned` runs at start (see main.ts). */
  imports: ImportService;
  /** What services need: storage, rooms, clock, ids. */
  services: ServiceDeps;
  /** Text search and its index (docs/search.md). */
  search: SearchService;
  metrics: Metrics;
  storage: Storage;
  /**
   * Sweeps kept files now, as the periodic sweep does every `keptFileSweepMs`: deletes those no
   * document references last written more than `keptFileGraceMs` ago; resolves to how many.
   */
  sweepKeptFiles(): Promise<number>;
  /** Starts listening; resolves with the bound address (use port 0 for any free port). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Answers `/readyz` with 503 from now on, so load balancers stop sending clients (`close` does too). */
  markShuttingDown(): void;
  /** Graceful stop: refuse new connections, flush and compact rooms, close sockets and storage. */
  close(): Promise<void>;
}

const VERSION = '0.1.0';
/** Most files in one import upload. */
const MAX_IMPORT_FILES = 500;

export function createApp(deps: AppDeps): App {
  const { storage, blobs, logger, config } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => randomId());
  const metrics = deps.metrics ?? createMetrics();
  const registry = new RoomRegistry({
    storage,
    logger,
    metrics,
    now: () => now().getTime(),
    compactAfter: config.compactAfter,
    maxBatch: 1000,
    unloadAfterMs: config.roomUnloadMs,
    fanout: deps.fanout,
    gapGraceMs: deps.fanout ? FANOUT_GAP_GRACE_MS : 0,
    limits: config.roomLimits,
    maxPresenceBytes: config.maxPresenceBytes,
  });
  // Other instances' writes that no fan-out message announced (dropped, or Redis down) arrive here.
  const watcher = new LogWatcher({
    storage,
    rooms: () => registry.loadedRooms(),
    intervalMs: config.catchUpIntervalMs,
    logger,
    metrics,
  });
  if (config.catchUpIntervalMs > 0) watcher.start();
  let shuttingDown = false;
  const services: ServiceDeps = {
    storage,
    blobs,
    keptFileGraceMs: config.keptFileGraceMs,
    registry,
    now,
    newId,
    offThread: new OffThreadPool(),
  };
  // Kept files whose deletion was deferred (written within the grace period), and those of
  // imports a crash interrupted (docs/sources.md).
  const keptFileSweep = new PeriodicCheck(async () => {
    await sweepUnreferenced({ ...services, logger }).catch((err: unknown) => {
      logger.error({ err }, 'could not sweep kept files no document uses');
    });
  }, config.keptFileSweepMs);
  const sweepKeptFiles = () => sweepUnreferenced({ ...services, logger });
  if (config.keptFileSweepMs > 0) keptFileSweep.start();
  const projects = new ProjectService(services);
  const agreement = new AgreementService({ ...services, projects });
  const auth = new AuthService({ storage, now, newId });
  const { fanout } = deps;
  const streams = new LiveStreams();
  const access = new AccessService({
    storage,
    registry,
    streams,
    now,
    ...(fanout
      ? {
          announce: (projectId: string) => fanout.publishAccessChanged(projectId),
          announceCredentialsEnded: (ids: readonly string[]) => fanout.publishCredentialsEnded(ids),
        }
      : {}),
  });
  // Sessions or tokens ended through another instance: close what they opened here.
  fanout?.onCredentialsEnded((ids) => access.closeChannelsOf(new Set(ids), 'the session or token has ended'));
  // Access changes made through other instances, read from the database: Redis may be down.
  const accessWatcher = new AccessWatcher({
    storage,
    access,
    now,
    intervalMs: config.catchUpIntervalMs,
    logger,
  });
  if (config.catchUpIntervalMs > 0) accessWatcher.start();
  // Roles or a round changed through another instance: close or refresh connections held here.
  // After a reconnect (null) announcements may have been lost: the database says what changed.
  fanout?.onAccessChanged((projectId) => {
    if (projectId === null) void accessWatcher.check();
    access.recheck(projectId).catch((err: unknown) => {
      logger.error({ err, projectId }, 'access re-check after a change elsewhere failed');
    });
  });
  const versions = new CodebookVersions({ ...services, projects });
  const rounds = new RoundService({ ...services, agreement, versions, access });
  const assignments = new AssignmentService(services);
  // PDFs are read two at a time (a worker thread each, docs/sources.md), however many arrive.
  const pdfReaders = new TaskGate(2);
  const readPdf = deps.readPdf ?? extractPdfText;
  const imports = new ImportService({
    ...services,
    logger,
    zipLimits: DEFAULT_ZIP_LIMITS,
    maxMediaBytes: config.maxMediaBytes,
    readPdf: (data, what) => pdfReaders.run(() => readPdf(data, what)),
  });
  const exports = new ExportService({ ...services, projects, agreement });
  // The search index follows text rooms' changes on this instance (docs/search.md).
  const search = new SearchService({ storage, registry, logger });
  search.start();
  const analysis = new AnalysisService({
    ...services,
    projects,
    projectOfRoom: (room) => agreement.projectOfRoom(room),
  });
  // Memo bodies are copied to their rows for lists and search as their rooms change.
  const memos = new MemoService({ ...services, projects, access, logger });
  const stopMemoCopies = memos.start();
  // Each document's progress is derived data, rewritten as its rooms change (docs/capacity.md).
  const progress = new ProgressService({ storage, registry, logger });
  progress.start();

  const http = express();
  http.disable('x-powered-by');
  // Behind a proxy, req.ip and req.secure come from X-Forwarded-* (see TRUST_PROXY).
  http.set('trust proxy', config.trustProxy);
  http.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
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
  http.get(
    '/readyz',
    readinessHandler({
      storage,
      fanout: deps.fanout,
      requireFanout: config.readyRequiresFanout,
      shuttingDown: () => shuttingDown,
      logger,
    }),
  );
  http.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  http.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(VERSION));
  });
  http.use('/api', authenticate(auth), csrfProtection(config.allowedOrigins));
  http.use(
    '/api',
    authRouter({
      auth,
      access,
      services,
      allowedOrigins: config.allowedOrigins,
      loginAttempts: config.loginAttempts,
      loginWindowMs: config.loginWindowMs,
    }),
  );
  // Everything below needs a signed-in caller.
  http.use('/api', (_req, res, next) => {
    authOf(res);
    next();
  });
  const limits: SyncLimits = { maxFrameBytes: config.maxFrameBytes, rooms: config.roomLimits };
  /**
   * `GET /api/limits`: what the sync endpoint accepts (`SyncLimits`, bytes), so clients refuse an
   * edit that is too large before sending it instead of being disconnected for it.
   */
  http.get('/api/limits', (_req, res) => {
    res.json(limits);
  });
  http.use('/api', projectsRouter({ projects, access, services, versions, progress }));
  http.use('/api', timelineRouter({ projects, access }));
  http.use('/api', sourcesRouter({ projects, access, services, logger }));
  http.use('/api', roundsRouter({ access, rounds, assignments, versions, services }));
  http.use('/api', membersRouter({ access, services }));
  http.use('/api', casesRouter({ access, services }));
  http.use('/api', reviewRouter({ access, projects, services }));
  http.use('/api', codebookRouter({ access, projects, services }));
  http.use(
    '/api',
    agreementRouter({
      agreement,
      access,
      registry,
      streams,
      logger,
      liveDebounceMs: config.liveDebounceMs,
      keepAliveMs: 25_000,
    }),
  );
  http.use(
    '/api',
    analysisRouter({
      analysis,
      access,
      storage,
      registry,
      streams,
      logger,
      liveDebounceMs: config.liveDebounceMs,
      keepAliveMs: 25_000,
    }),
  );
  http.use(
    '/api',
    importRouter({
      imports,
      access,
      limits: { maxBytes: config.maxImportBytes, maxFiles: MAX_IMPORT_FILES },
      keep: {
        blobs,
        maxBytes: config.maxMediaBytes,
        discard: (sha256s) => deleteUnreferenced(services, sha256s),
      },
      onProjectImported: (documentIds) => progress.deriveLater(documentIds),
    }),
  );
  http.use('/api', exportRouter({ exports, access, rounds, logger }));
  http.use('/api', memosRouter({ memos }));
  http.use('/api', searchRouter({ search, access }));
  http.use('/api', notFoundHandler);
  http.use(webClient(deps.clientDir));
  http.use(errorHandler(logger));

  const server = createServer(http);
  const sync = new SyncServer({
    registry,
    admit: (room, request) => admitSync(auth, access, config.allowedOrigins, room, request),
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
    auth,
    access,
    imports,
    services,
    search,
    metrics,
    storage,
    sweepKeptFiles,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    markShuttingDown() {
      shuttingDown = true;
    },
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        await watcher.stop();
        await accessWatcher.stop();
        await keptFileSweep.stop();
        await search.stop();
        sync.stopAccepting();
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await memos.flush();
        stopMemoCopies();
        progress.stop();
        await progress.settle();
        await registry.closeAll();
        await sync.close();
        server.closeAllConnections();
        await httpClosed;
        await deps.fanout?.close();
        await blobs.close();
        await storage.close();
      })();
      return closing;
    },
  };
}

/**
 * Sync upgrades: a session cookie (from one of our origins), an `Authorization` header or a
 * `?token=` parameter; then the room's access rules. Refused before any document byte is sent.
 */
async function admitSync(
  auth: AuthService,
  access: AccessService,
  allowedOrigins: readonly string[],
  room: RoomName,
  request: IncomingMessage,
): Promise<RoomVerdict> {
  const presented = presentedSecret(request, { allowQuery: true });
  if (!presented) return { ok: false, status: 401, message: 'sign in first' };
  // A cookie rides along on any page's request: only our own pages may use it.
  if (presented.via === 'cookie' && !sameOrigin(request, allowedOrigins)) {
    return { ok: false, status: 403, message: 'cross-origin connection refused' };
  }
  const identity = await auth.identify(presented.secret);
  if (!identity) return { ok: false, status: 401, message: 'the token is invalid or expired' };
  return access.roomVerdict(room, identity.user, identity.credential.id);
}
