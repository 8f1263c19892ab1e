/** Runs `server/main.ts` in a child process, as `npm start` does, to test crashes and signals. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { api, type ApiResponse } from './server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  child: ChildProcess;
  port: number;
  http: string;
  ws: string;
  /** Every log line printed so far (pino JSON). */
  logs: string[];
  /** Resolves with the exit code and signal. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** A session token of the bootstrap administrator ('' when started without one). */
  token: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/** The administrator every child server is started with. */
export const CHILD_ADMIN = { email: 'admin@child.test', password: 'child-admin-password' };

/**
 * Starts `server/main.ts` with `env` added to this process's environment. Options: `admin`
 * (default true) signs the bootstrap administrator in; `nodeArgs` are Node flags put after
 * `--import tsx` (e.g. another `--import` to preload a module into the server's process).
 */
export async function startChildServer(
  env: Record<string, string>,
  options: { admin?: boolean; nodeArgs?: readonly string[] } = {},
): Promise<ChildServer> {
  const admin = options.admin ?? true;
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'info',
      ...(admin
        ? { CONCORD_ADMIN_EMAIL: CHILD_ADMIN.email, CONCORD_ADMIN_PASSWORD: CHILD_ADMIN.password }
        : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const logs: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      logs.push(line);
      const m = /"port":(\d+)/.exec(line);
      if (m && line.includes('listening')) resolve(Number(m[1]));
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    void exited.then(([code]) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  const http = `http://127.0.0.1:${port}`;
  let token = '';
  if (admin) {
    const login = await api<{ token: string }>(http, 'POST', '/api/auth/login', CHILD_ADMIN);
    if (login.status !== 200) throw new Error(`administrator sign-in failed: ${JSON.stringify(login.body)}`);
    token = login.body.token;
  }
  return {
    child,
    port,
    http,
    ws: `ws://127.0.0.1:${port}/sync`,
    logs,
    exited,
    token,
    api: (method, path, body) => api(http, method, path, body, token),
  };
}
