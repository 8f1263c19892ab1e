/** Readiness for load balancers and Kubernetes, and the scale-out settings' validation. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { tempDir } from '../helpers/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let server: ChildServer | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGKILL');
  await server?.exited;
  server = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

describe('readiness', () => {
  it('is ready on SQLite, then drains on SIGTERM: not ready, still serving, then stops cleanly', async () => {
    dataDir = tempDir();
    server = await startChildServer({ DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '3000' });
    const ready = await fetch(`${server.http}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'ok' });

    server.child.kill('SIGTERM');
    await vi.waitFor(async () => {
      const draining = await fetch(`${server!.http}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toEqual({ status: 'unavailable', storage: 'ok', shuttingDown: true });
    });
    // Load balancers take the instance out; meanwhile it still answers.
    expect((await fetch(`${server.http}/healthz`)).status).toBe(200);
    expect((await server.api('GET', '/api/projects')).status).toBe(200);
    expect(await server.exited).toEqual([0, null]);
    expect(server.logs.some((l) => l.includes('stopped cleanly'))).toBe(true);
  });

  it('refuses to start on a malformed DATABASE_URL or REDIS_URL, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATABASE_URL: 'mysql://db/concord', REDIS_URL: 'http://redis' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('REDIS_URL');
  });
});
