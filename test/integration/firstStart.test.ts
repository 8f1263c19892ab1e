/**
 * The first start as people run it: a child process on an occupied port says so in one line and
 * creates nothing; the next start on a free port prints the one-time passwords; and
 * `concord users reset-password` recovers an account offline, on the same data directory.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthService } from '../../server/auth/AuthService.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL } from '../helpers/services.ts';
import { api, tempDir } from '../helpers/server.ts';
import { ROOT } from '../helpers/transfer.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a file of the project with tsx, as `npm start` and `bin/concord.js` do. */
function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function occupiedPort(): Promise<number> {
  const blocker: Server = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as { port: number }).port;
}

async function child(env: Record<string, string>): Promise<ChildServer> {
  const server = await startChildServer(env, { admin: false });
  cleanups.push(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
  });
  return server;
}

/** The `email  password: …` pairs a start printed. */
function printedPasswords(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  let pendingAdmin: string | null = null;
  for (const line of lines) {
    const admin = /^Administrator: (\S+)$/.exec(line);
    if (admin) pendingAdmin = admin[1]!;
    const adminPassword = /^ {2}password: (\S+)$/.exec(line);
    if (adminPassword && pendingAdmin) out.set(pendingAdmin, adminPassword[1]!);
    const member = /: (\S+@\S+) {2}password: (\S+)$/.exec(line);
    if (member) out.set(member[1]!, member[2]!);
  }
  return out;
}

describe('first start', () => {
  it('on an occupied port: one line, exit 1, nothing created; the next start prints the passwords', async () => {
    const dataDir = tempDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await occupiedPort();
    const env = { DATA_DIR: dataDir, DEMO: 'true', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    const failed = await run(['--import', 'tsx', 'server/main.ts'], { ...env, PORT: String(port) });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`port ${port} is in use; set PORT\n`);
    expect(failed.stdout).not.toMatch(/password/);

    const started = await child({ ...env, LOG_LEVEL: 'info' });
    const passwords = await vi.waitFor(() => {
      const found = printedPasswords(started.logs);
      // The administrator and the demo's three members.
      expect(found.size).toBe(4);
      return found;
    });
    expect(started.logs.join('\n')).toMatch(/concord users reset-password <email>/);
    for (const [email, password] of passwords) {
      const res = await api(started.http, 'POST', '/api/auth/login', { email, password }, null);
      expect(res.status, email).toBe(200);
    }
  });
});

describe('concord users reset-password', () => {
  it('gives an account a new password offline, printed once, and ends its sessions', async () => {
    const dataDir = tempDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await child({ DATA_DIR: dataDir, DEMO: 'false' });
    const admin = await vi.waitFor(() => {
      const [entry] = printedPasswords(server.logs);
      expect(entry).toBeDefined();
      return entry!;
    });
    const [email, oldPassword] = admin;
    const session = await api<{ token: string }>(
      server.http,
      'POST',
      '/api/auth/login',
      { email, password: oldPassword },
      null,
    );
    expect(session.status).toBe(200);

    const bin = join(ROOT, 'bin', 'concord.js');
    const reset = await run([bin, 'users', 'reset-password', ` ${email.toUpperCase()} `], {
      DATA_DIR: dataDir,
    });
    expect(reset).toMatchObject({ code: 0, stderr: expect.stringMatching(/1 sign-in session ended/) });
    const newPassword = reset.stdout.trim();
    expect(newPassword).toMatch(/^[A-Za-z0-9]{20}$/);

    const signIn = (password: string) =>
      api(server.http, 'POST', '/api/auth/login', { email, password }, null);
    expect((await signIn(oldPassword)).status).toBe(401);
    expect((await signIn(newPassword)).status).toBe(200);
    expect((await api(server.http, 'GET', '/api/me', undefined, session.body.token)).status).toBe(401);

    const unknown = await run([bin, 'users', 'reset-password', 'nobody@example.org'], { DATA_DIR: dataDir });
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/no account/) });
    const empty = tempDir();
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const noData = await run([bin, 'users', 'reset-password', email], { DATA_DIR: empty });
    expect(noData).toMatchObject({ code: 1, stderr: expect.stringMatching(/no Concord data in/) });
  });
});

describe.skipIf(skipWithout('concord users on PostgreSQL', { database: true }))(
  'concord users reset-password on PostgreSQL',
  () => {
    it('works on DATABASE_URL and DATABASE_SCHEMA, with no server running', async () => {
      const url = TEST_DATABASE_URL!;
      const schema = await createTestSchema(url);
      cleanups.push(() => schema.drop());
      const storage = await openPostgresStorage({ url, schema: schema.name, poolSize: 2 });
      cleanups.push(() => storage.close());
      let n = 0;
      const auth = new AuthService({ storage, now: () => new Date(), newId: () => `pgUser${++n}` });
      await auth.createUser({
        email: 'pi@example.org',
        name: 'PI',
        password: 'forgotten-long-ago',
        isAdmin: true,
      });
      const { token } = await auth.login('pi@example.org', 'forgotten-long-ago');

      const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema.name };
      const bin = join(ROOT, 'bin', 'concord.js');
      const list = await run([bin, 'users', 'list'], env);
      expect(list).toMatchObject({ code: 0, stdout: 'pi@example.org\tPI\tadministrator\n' });
      const reset = await run([bin, 'users', 'reset-password', 'PI@example.org'], env);
      expect(reset.code).toBe(0);
      const password = reset.stdout.trim();
      await expect(auth.login('pi@example.org', 'forgotten-long-ago')).rejects.toThrow(/wrong/);
      expect((await auth.login('pi@example.org', password)).user.email).toBe('pi@example.org');
      expect(await auth.identify(token)).toBeNull();
    });
  },
);
