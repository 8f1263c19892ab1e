/** Starts a bench server script in its own process (its own core) and reads the port it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchChild {
  child: ChildProcess;
  port: number;
  /** An API token, when the server prints one (`TOKEN <secret>` before its port). */
  token: string | null;
  stop(): Promise<void>;
}

/**
 * Starts `script` under Node (`args`: Node's own flags, before the script; `scriptArgs`: the
 * script's arguments, after it) and resolves once it prints `PORT <n>`; rejects if it exits first.
 */
export async function startBenchServer(
  script: string,
  args: string[] = [],
  scriptArgs: string[] = [],
): Promise<BenchChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args, script, ...scriptArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let token: string | null = null;
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const t = /^TOKEN (\S+)$/.exec(line);
      if (t) token = t[1]!;
      const m = /^PORT (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    child,
    port,
    token,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** How {@link startMainServer} starts the process, beyond its environment. */
export interface MainServerOptions {
  /** Node's own flags, before the script (e.g. `--import`, `--cpu-prof`). */
  nodeArgs?: string[];
  /** Open an IPC channel to the child (`child.send`), e.g. for bench/servers/cpuProbe.ts. */
  ipc?: boolean;
}

/**
 * Starts `server/main.ts` as `npm start` does, with `env` added to this process's environment;
 * resolves once it logs the port it listens on.
 */
export async function startMainServer(
  env: Record<string, string>,
  options: MainServerOptions = {},
): Promise<Omit<BenchChild, 'token'>> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DEMO: 'false', LOG_LEVEL: 'info', ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /"port":(\d+)/.exec(line);
      if (m && line.includes('listening')) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server/main.ts exited with ${code}`)));
  });
  return {
    child,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
