/**
 * Starts Concord: configuration from the environment (the only place that reads it), storage,
 * the demo project on a fresh data directory, and graceful shutdown on SIGTERM/SIGINT.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { appConfigFrom, loadConfig } from './config.ts';
import { loadDemoProject } from './demo/loadDemo.ts';
import { openSqliteStorage } from './storage/sqlite.ts';

/** Runs the server until a signal stops it; resolves to the exit code. */
export async function runServer(env: NodeJS.ProcessEnv): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const logger = pino({ level: config.LOG_LEVEL });
  const storage = await openSqliteStorage({ file: join(config.dataDir, 'concord.sqlite') });
  const app = createApp({ storage, logger, config: appConfigFrom(config) });

  if (config.DEMO) {
    const demo = await loadDemoProject({ ...app.services, projects: app.projects, logger });
    if (demo) logger.info({ projectId: demo.id, name: demo.name }, 'demo project created');
  }

  const address = await app.listen(config.PORT, config.HOST);
  const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  logger.info(
    { port: address.port, dataDir: config.dataDir, storage: storage.kind },
    `Concord listening on http://${shownHost}:${address.port}`,
  );

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
      app.close().then(
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runServer(process.env);
}
