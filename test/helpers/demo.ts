/** A real server holding the demo project, shared by the tests of one file. */
import { afterAll, beforeAll } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from './server.ts';

/** The file's server, the demo project and its members (each with an API token). */
export interface DemoServer {
  server: TestServer;
  project: Project;
  members: Awaited<ReturnType<TestServer['loadDemo']>>['members'];
}

/**
 * Starts a real server (port 0, SQLite in a temporary folder) and loads the demo project before the
 * calling file's tests; destroys the server after them. Read the fields inside tests and hooks
 * only: they are set once `beforeAll` has run.
 *
 * @param options passed to {@link startServer}.
 */
export function demoServerPerFile(options: Parameters<typeof startServer>[0] = {}): DemoServer {
  const ctx = {} as DemoServer;
  beforeAll(async () => {
    ctx.server = await startServer(options);
    ({ project: ctx.project, members: ctx.members } = await ctx.server.loadDemo());
  });
  afterAll(async () => {
    await ctx.server.destroy();
  });
  return ctx;
}
