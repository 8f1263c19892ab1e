/**
 * What `concord import` and `concord export` share: where the server is and who the caller is
 * (`--server`/`--token`, else CONCORD_URL/CONCORD_TOKEN), usage errors, and server errors
 * printed the way the API states them.
 */
import type { CliIo } from '../io.ts';

import { UsageError } from '../args.ts';

export { UsageError };

/** A failure worth a clear message and exit code 1 (the server refused, a file is missing). */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export interface Remote {
  /** Base URL without a trailing slash. */
  server: string;
  token: string;
}

/** Resolves the server and token from options, then the environment. */
export function remoteFrom(values: { server?: string; token?: string }, env: NodeJS.ProcessEnv): Remote {
  const server = values.server ?? env.CONCORD_URL;
  const token = values.token ?? env.CONCORD_TOKEN;
  if (!server) throw new UsageError('no server: pass --server URL or set CONCORD_URL');
  if (!token)
    throw new UsageError(
      'no token: pass --token T or set CONCORD_TOKEN (create one in Concord under your account)',
    );
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server expects a URL such as http://localhost:8080, got '${server}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server must be an http or https URL, got '${server}'`);
  }
  return { server: url.href.replace(/\/+$/, ''), token };
}

/** The API's error body, when the response carries one. */
interface ErrorBody {
  error?: { code?: string; message?: string; issues?: { path?: (string | number)[]; message?: string }[] };
}

/** Turns a failed response into a CommandError with the server's message and issues. */
export async function responseError(res: Response, action: string): Promise<CommandError> {
  const text = await res.text();
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // Not our JSON (a proxy's page, say): the status says enough.
  }
  const message = body.error?.message ?? (text.trim().slice(0, 200) || res.statusText);
  const details = (body.error?.issues ?? []).map(
    (i) => `${(i.path ?? []).join('/') || '(request)'}: ${i.message ?? ''}`,
  );
  return new CommandError(`${action} failed (HTTP ${res.status}): ${message}`, details);
}

/** fetch, with a clear message when the server cannot be reached. */
export async function call(
  remote: Remote,
  path: string,
  init: RequestInit & { duplex?: 'half' } = {},
): Promise<Response> {
  try {
    return await fetch(`${remote.server}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${remote.token}`,
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new CommandError(`cannot reach ${remote.server}${cause}`);
  }
}

/** Prints an error and returns its exit code. */
export function report(io: CliIo, command: string, usage: string, error: unknown): number {
  if (error instanceof UsageError) {
    io.stderr.write(`concord ${command}: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (error instanceof CommandError) {
    io.stderr.write(`concord ${command}: ${error.message}\n`);
    for (const line of error.details) io.stderr.write(`  ${line}\n`);
    return 1;
  }
  throw error;
}
