/**
 * Ending a credential ends what it opened: revoking a token, signing out, signing out everywhere
 * and changing the password close the sockets and streams those credentials authenticated, at once.
 * Real server, real sockets, real y-websocket clients.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, CSRF_HEADER, SESSION_COOKIE } from '../../shared/protocol.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { hashToken } from '../../server/auth/AuthService.ts';
import { api, startServer, type TestServer } from '../helpers/server.ts';
import { openSse, type SseStream } from '../helpers/sse.ts';

let server: TestServer;
let clients: Client[];
let sockets: WebSocket[];
let streams: SseStream[];

beforeEach(async () => {
  server = await startServer({ config: { catchUpIntervalMs: 100 } });
  clients = [];
  sockets = [];
  streams = [];
});
afterEach(async () => {
  for (const s of streams) s.close();
  for (const s of sockets) s.terminate();
  closeAll(clients);
  await server.destroy();
});

/** A raw socket to a room; resolves once open, with a promise of its close code. */
async function socket(
  room: string,
  auth: { token?: string; cookie?: string },
): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const query = auth.token ? `?token=${auth.token}` : '';
  const ws = new WebSocket(`${server.ws}/${room}${query}`, {
    headers: auth.cookie ? { cookie: auth.cookie, origin: server.http } : {},
  });
  sockets.push(ws);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

async function stream(path: string, auth: { token?: string; cookie?: string }): Promise<SseStream> {
  const s = await openSse(`${server.http}${path}`, {
    ...(auth.token ? { token: auth.token } : {}),
    headers: auth.cookie ? { cookie: auth.cookie } : {},
  });
  streams.push(s);
  expect(s.status).toBe(200);
  await vi.waitFor(() => expect(s.events.map((e) => e.event)).toContain('agreement'));
  return s;
}

/** Signs in through the REST route; returns the cookie header and CSRF secret. */
async function signIn(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const login = await api<{ csrfToken: string }>(
    server.http,
    'POST',
    '/api/auth/login',
    { email, password },
    null,
  );
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  expect(cookie).toContain(SESSION_COOKIE);
  return { cookie, csrf: login.body.csrfToken };
}

const asCookie = (s: { cookie: string; csrf: string }) => ({ cookie: s.cookie, [CSRF_HEADER]: s.csrf });

/** The text of a room as storage holds it. */
async function storedText(room: string): Promise<string> {
  const log = await server.app.storage.loadRoom(room);
  const doc = new Y.Doc();
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
  for (const u of log.updates) Y.applyUpdate(doc, u.data);
  return doc.getText('content').toString();
}

async function lastAccessEvent(s: SseStream): Promise<unknown> {
  await s.ended;
  const last = s.events.at(-1)!;
  expect(last.event).toBe('access');
  return JSON.parse(last.data);
}

describe('revoking an API token', () => {
  it('closes its sockets (4401) and streams at once, and nothing it writes afterwards is stored', async () => {
    const { project, room } = await server.newDocument('Hello');
    const revoked = (await server.app.auth.createApiToken(server.admin.id, 'to revoke')).token;
    const tokens = (await server.api<{ id: string; name: string }[]>('GET', '/api/me/tokens')).body;
    const revokedId = tokens.find((t) => t.name === 'to revoke')!.id;

    const writer = connect(server.ws, room, revoked);
    clients.push(writer);
    await synced(writer);
    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    const events = await stream(`/api/projects/${project.id}/agreement/events`, { token: revoked });
    const other = await stream(`/api/projects/${project.id}/agreement/events`, { token: server.token });

    expect((await server.api('DELETE', `/api/me/tokens/${revokedId}`)).status).toBe(204);
    await vi.waitFor(() => expect(closes).toContain(CloseCode.unauthorized));
    expect(await lastAccessEvent(events)).toMatchObject({ error: { code: 'unauthorized' } });

    // A write after the revocation, then one through a valid token: only the second is stored.
    writer.doc.getText('content').insert(0, 'LEAK ');
    const valid = connect(server.ws, room, server.token);
    clients.push(valid);
    await synced(valid);
    valid.doc.getText('content').insert(valid.doc.getText('content').length, ' world');
    await vi.waitFor(async () => expect(await storedText(room)).toContain('world'));
    expect(await storedText(room)).not.toContain('LEAK');
    expect(other.isEnded).toBe(false);
  });
});

describe('an administrator resetting a password', () => {
  it("closes the sockets and streams of the user's sessions; API tokens and their sockets stay", async () => {
    const { project, room } = await server.newDocument();
    const { user, password, token } = await server.user('Coder');
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: user.id, role: 'coder' });
    const session = await signIn(user.email, password);
    const viaCookie = await socket(room, { cookie: session.cookie });
    const viaToken = await socket(room, { token });
    const events = await stream(`/api/projects/${project.id}/agreement/events`, { cookie: session.cookie });

    expect((await server.api('POST', `/api/users/${user.id}/password`)).status).toBe(200);
    expect(await viaCookie.closed).toBe(CloseCode.unauthorized);
    expect(await lastAccessEvent(events)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(viaToken.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('signing out', () => {
  it('closes the sockets and streams the session cookie authenticated', async () => {
    const { project, room } = await server.newDocument();
    const { user, password } = await server.user('Coder');
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: user.id, role: 'coder' });
    const session = await signIn(user.email, password);
    const other = await signIn(user.email, password);
    const sock = await socket(room, { cookie: session.cookie });
    const keep = await socket(room, { cookie: other.cookie });
    const events = await stream(`/api/projects/${project.id}/agreement/events`, { cookie: session.cookie });

    expect(
      (await api(server.http, 'POST', '/api/auth/logout', undefined, null, asCookie(session))).status,
    ).toBe(204);
    expect(await sock.closed).toBe(CloseCode.unauthorized);
    expect(await lastAccessEvent(events)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(
      (await api(server.http, 'GET', '/api/me', undefined, null, { cookie: session.cookie })).status,
    ).toBe(401);
    // The user's other session is another credential: it stays.
    expect(keep.ws.readyState).toBe(WebSocket.OPEN);
    expect((await api(server.http, 'GET', '/api/me', undefined, null, { cookie: other.cookie })).status).toBe(
      200,
    );
  });

  it('everywhere ends every session and API token of the user, with their sockets', async () => {
    const { project, room } = await server.newDocument();
    const { user, password, token } = await server.user('Coder');
    const bystander = await server.user('Someone else');
    for (const u of [user, bystander.user])
      await server.api('POST', `/api/projects/${project.id}/members`, { userId: u.id, role: 'coder' });
    const [first, second] = [await signIn(user.email, password), await signIn(user.email, password)];
    const viaCookie = await socket(room, { cookie: second.cookie });
    const viaToken = await socket(room, { token });
    const theirs = await socket(room, { token: bystander.token });
    const events = await stream(`/api/projects/${project.id}/agreement/events`, { token });

    const res = await api(
      server.http,
      'POST',
      '/api/auth/logout-everywhere',
      undefined,
      null,
      asCookie(first),
    );
    expect(res.status).toBe(204);
    expect(await viaCookie.closed).toBe(CloseCode.unauthorized);
    expect(await viaToken.closed).toBe(CloseCode.unauthorized);
    expect(await lastAccessEvent(events)).toMatchObject({ error: { code: 'unauthorized' } });
    for (const cookie of [first.cookie, second.cookie])
      expect((await api(server.http, 'GET', '/api/me', undefined, null, { cookie })).status).toBe(401);
    expect((await server.api('GET', '/api/me', undefined, token)).status).toBe(401);
    expect(theirs.ws.readyState).toBe(WebSocket.OPEN);
    expect((await server.api('GET', '/api/me', undefined, bystander.token)).status).toBe(200);
  });
});

describe('changing the password', () => {
  it('ends the other sessions and their sockets; this session and API tokens stay', async () => {
    const { project, room } = await server.newDocument();
    const { user, password, token } = await server.user('Coder');
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: user.id, role: 'coder' });
    const [current, old] = [await signIn(user.email, password), await signIn(user.email, password)];
    const oldSocket = await socket(room, { cookie: old.cookie });
    const tokenSocket = await socket(room, { token });

    const res = await api(
      server.http,
      'POST',
      '/api/me/password',
      { currentPassword: password, newPassword: 'a-new-password-456' },
      null,
      asCookie(current),
    );
    expect(res.status).toBe(204);
    expect(await oldSocket.closed).toBe(CloseCode.unauthorized);
    expect((await api(server.http, 'GET', '/api/me', undefined, null, { cookie: old.cookie })).status).toBe(
      401,
    );
    expect(
      (await api(server.http, 'GET', '/api/me', undefined, null, { cookie: current.cookie })).status,
    ).toBe(200);
    expect((await server.api('GET', '/api/me', undefined, token)).status).toBe(200);
    expect(tokenSocket.ws.readyState).toBe(WebSocket.OPEN);
    // The old password no longer signs in.
    const again = await api(server.http, 'POST', '/api/auth/login', { email: user.email, password }, null);
    expect(again.status).toBe(401);
  });
});

describe('a session that expires', () => {
  it('closes its sockets (4401) and ends its streams once it has expired', async () => {
    const { project, room } = await server.newDocument();
    const secret = 'a-session-secret-that-expires-soon';
    await server.app.storage.createCredential({
      id: 'expiring',
      tokenHash: hashToken(secret),
      userId: server.admin.id,
      kind: 'session',
      name: '',
      csrf: 'csrf',
      createdAt: new Date().toISOString(),
      // Long enough to open both channels on a loaded machine, short enough to wait for.
      expiresAt: new Date(Date.now() + 3000).toISOString(),
    });
    const cookie = `${SESSION_COOKIE}=${secret}`;
    const sock = await socket(room, { cookie });
    const events = await stream(`/api/projects/${project.id}/agreement/events`, { cookie });
    expect(await sock.closed).toBe(CloseCode.unauthorized);
    expect(await lastAccessEvent(events)).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
