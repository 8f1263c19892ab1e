/**
 * Starts Concord: configuration from the environment (the only place that reads it), storage,
 * the demo project on a fresh data directory, and graceful shutdown on SIGTERM/SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { appConfigFrom, loadConfig } from './config.ts';
import { loadDemoProject } from './demo/loadDemo.ts';
import { createMetrics } from './metrics.ts';
import { RedisFanout } from './scale/RedisFanout.ts';
import { openConfiguredStorage } from './storage/open.ts';
import { openConfiguredBlobStore } from './blobs/open.ts';
import { sweepUnreferenced } from './blobs/unreferenced.ts';

/** How old an unreferenced kept file must be before the start-up sweep deletes it. */

/** Runs the server until a signal stops it; resolves to the exit code. */
export async function runServer(
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const instanceId = config.INSTANCE_ID ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
  const logger = pino({ level: config.LOG_LEVEL }).child({ instance: instanceId });
  let storage;
  try {
    storage = await openConfiguredStorage(config);
  } catch (err) {
    logger.fatal({ err }, `storage could not be opened (${config.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`);
    return 1;
  }
  let blobs;
  try {
    blobs = await openConfiguredBlobStore(config);
  } catch (err) {
    logger.fatal({ err }, 'the store of PDFs and recordings could not be opened');
    await storage.close();
    return 1;
  }
  const metrics = createMetrics();
  // Without Redis, instances sharing PostgreSQL still converge through the log watcher.
  const fanout = config.REDIS_URL
    ? new RedisFanout({
        url: config.REDIS_URL,
        channelPrefix: config.REDIS_PREFIX,
        instanceId,
        logger,
        metrics,
      })
    : undefined;
  const app = createApp({ storage, blobs, logger, config: appConfigFrom(config), metrics, fanout });

  // The port is bound before any account is made: a start that cannot listen must not create
  // accounts whose one-time passwords would then never be printed.
  let address;
  try {
    address = await app.listen(config.PORT, config.HOST);
  } catch (err) {
    process.stderr.write(`${listenFailure(err, config.PORT, config.HOST)}\n`);
    await app.close();
    return 1;
  }

  // An import the previous process was writing when it died never became visible; its rooms go.
  // After the port is bound: a start that fails to listen may be beside a running server.
  const abandonedAfter = config.IMPORT_ABANDONED_AFTER_MS ?? (config.DATABASE_URL ? 15 * 60_000 : 0);
  await app.imports.cleanUpAbandoned(new Date(Date.now() - abandonedAfter));
  // Kept files a crash left between the store and an import's commit; the grace period leaves
  // those of imports under way on other instances alone. The app sweeps again every few minutes.
  await sweepUnreferenced({
    storage,
    blobs,
    logger,
    now: () => new Date(),
    keptFileGraceMs: config.KEPT_FILE_GRACE_MS,
  });

  const admin = await app.auth.bootstrapAdmin({
    email: config.CONCORD_ADMIN_EMAIL,
    password: config.CONCORD_ADMIN_PASSWORD,
  });
  const demo = config.DEMO
    ? await loadDemoProject({ ...app.services, projects: app.projects, auth: app.auth, logger })
    : null;
  if (demo && admin)
    await storage.putMember(demo.project.id, (await storage.getUserByEmail(admin.email))!.id, 'owner');

  const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${shownHost}:${address.port}`;
  logger.info(
    { port: address.port, dataDir: config.dataDir, storage: storage.kind },
    `Concord listening on ${url}`,
  );
  // Generated passwords are shown once, here, and never stored in clear.
  const lines: string[] = [];
  if (admin) {
    lines.push(
      `Administrator: ${admin.email}`,
      `  password: ${admin.password ?? '(as set in CONCORD_ADMIN_PASSWORD)'}`,
    );
  }
  if (demo) {
    lines.push(`Demo project "${demo.project.name}" members:`);
    for (const m of demo.members) lines.push(`  ${m.name} (${m.role}): ${m.email}  password: ${m.password}`);
  }
  if (lines.length > 0) {
    lines.push(
      'A password not written down: `concord users reset-password <email>` with this DATA_DIR (or',
      'DATABASE_URL) prints a new one, or an administrator resets it in the app.',
    );
    stdout.write(`\nSign in at ${url}/ (passwords are shown only this once)\n${lines.join('\n')}\n\n`);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
        resolve(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      app.markShuttingDown();
      // Readiness fails first, so load balancers stop sending clients before sockets close.
      const drained = new Promise((done) => setTimeout(done, config.SHUTDOWN_DRAIN_MS));
      drained
        .then(() => app.close())
        .then(
          () => {
            clearTimeout(timer);
            logger.info({}, 'stopped cleanly');
            resolve(0);
          },
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** One line saying why the port could not be bound and what to do, instead of a stack trace. */
export function listenFailure(err: unknown, port: number, host: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `port ${port} is in use; set PORT`;
  if (code === 'EACCES') return `port ${port} needs privileges this user does not have; set PORT`;
  if (code === 'EADDRNOTAVAIL') return `address ${host} is not on this machine; set HOST`;
  return `cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runServer(process.env);
}
