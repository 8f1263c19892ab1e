/** Requests of the study's steps against its server, timed as the client sees them. */
import type { StudyContext } from './context.ts';

/** An answer read whole: status, body, and ms from request sent to its last byte read. */
export interface TimedAnswer {
  status: number;
  body: Buffer;
  ms: number;
}

/**
 * `GET ctx.http + path` as the administrator, body read to its end.
 * @throws Error with the status and the body's start unless it answered 200.
 */
export async function timedGet(
  ctx: Pick<StudyContext, 'http' | 'token'>,
  path: string,
): Promise<TimedAnswer> {
  const started = performance.now();
  const res = await fetch(`${ctx.http}${path}`, { headers: { authorization: `Bearer ${ctx.token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - started;
  if (res.status !== 200)
    throw new Error(`GET ${path} answered ${res.status}: ${body.toString('utf8', 0, 500)}`);
  return { status: res.status, body, ms };
}

/** `timedGet` with the body parsed as JSON. */
export async function getJson<T>(ctx: Pick<StudyContext, 'http' | 'token'>, path: string): Promise<T> {
  return JSON.parse((await timedGet(ctx, path)).body.toString('utf8')) as T;
}

/** A JSON request with an optional bearer token; throws unless it answered `expect`. */
export async function sendJson<T>(
  http: string,
  method: string,
  path: string,
  body: unknown,
  token: string | null,
  expect = 200,
): Promise<T> {
  const res = await fetch(`${http}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect)
    throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/**
 * Polls `ready` every `everyMs` until it answers true, for at most `timeoutMs`: waiting for a state
 * the server reaches on its own, never a fixed pause.
 * @throws Error naming `what` when the time runs out.
 */
export async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 20) {
  const deadline = performance.now() + timeoutMs;
  while (!(await ready())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
