/**
 * A redis-server of the test's own, on a free port, so a test can stop and restart it without
 * disturbing anything else that uses the machine's Redis.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { vi } from 'vitest';
import { skipUnlessPresent } from './requirements.ts';
import { tempDir } from './server.ts';

const run = promisify(execFile);

export interface PrivateRedis {
  url: string;
  port: number;
  /** Shuts it down without saving (as a crash would lose pub/sub state). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function answers(port: number): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

/**
 * Whether redis-server and redis-cli are installed; prints why not when they are missing, and
 * under CI (whose `.ci/run` installs them) throws instead, naming them.
 */
export function redisServerInstalled(suite: string): boolean {
  const missing = ['redis-server', 'redis-cli'].filter(
    (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status !== 0,
  );
  return !skipUnlessPresent(
    suite,
    missing.map((command) => `${command} is not installed`),
    'apt-get install redis-server; .ci/run does',
  );
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = tempDir('concord-redis-');
  const start = async () => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore', detached: false },
    );
    child.unref();
    await vi.waitFor(
      async () => {
        if (!(await answers(port))) throw new Error('redis not up yet');
      },
      { timeout: 10_000, interval: 50 },
    );
  };
  const stop = async () => {
    await run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() => undefined);
    await vi.waitFor(
      async () => {
        if (await answers(port)) throw new Error('redis still up');
      },
      { timeout: 10_000, interval: 50 },
    );
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
