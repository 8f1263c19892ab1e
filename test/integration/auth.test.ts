/** Accounts, roles and blind rounds, enforced by the server over real HTTP and sockets. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { codingsMap } from '../../shared/model/layer.ts';
import { CloseCode, CSRF_HEADER, roomName, SESSION_COOKIE } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import type { ProjectAgreement } from '../../server/services/AgreementService.ts';
import { closeAll, connect, converged, synced, upgradeStatus, type Client } from '../helpers/clients.ts';
import { api, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let clients: Client[];

beforeEach(async () => {
  server = await startServer({ config: { loginAttempts: 3 } });
  clients = [];
});
afterEach(async () => {
  closeAll(clients);
  await server.destroy();
});

function open(room: string, token: string | null, doc?: Y.Doc): Client {
  const c = connect(server.ws, room, token, doc);
  clients.push(c);
  return c;
}

/** The HTTP status of an upgrade request, or 101 when it was accepted. */
/** The HTTP status of an upgrade request for `room`, or 101 when it was accepted. */
function upgrade(room: string, headers: Record<string, string> = {}, query = ''): Promise<number> {
  return upgradeStatus(`${server.ws}/${room}${query}`, headers);
}

/** A project with one document, two coders, a reviewer and a viewer. */
async function team() {
  const project = (await server.api<Project>('POST', '/api/projects', { name: 'Team' })).body;
  const doc = (
    await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'T',
      text: 'Shared transcript.',
    })
  ).body;
  const [a, b, reviewer, viewer] = await Promise.all([
    server.user('Coder A'),
    server.user('Coder B'),
    server.user('Reviewer'),
    server.user('Viewer'),
  ]);
  for (const [m, role] of [
    [a, 'coder'],
    [b, 'coder'],
    [reviewer, 'reviewer'],
    [viewer, 'viewer'],
  ] as const) {
    expect(
      (await server.api('POST', `/api/projects/${project.id}/members`, { userId: m.user.id, role })).status,
    ).toBe(201);
  }
  return { project, doc, a, b, reviewer, viewer };
}

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Lax cookie, and cookie writes need the CSRF header', async () => {
    const { user, password } = await server.user('Cookie User');
    const login = await api<{ token: string; csrfToken: string; user: { id: string } }>(
      server.http,
      'POST',
      '/api/auth/login',
      { email: user.email, password },
      null,
    );
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
    const cookies = login.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');

    const me = await api<{ user: { email: string } }>(server.http, 'GET', '/api/me', undefined, null, {
      cookie,
    });
    expect(me.body.user.email).toBe(user.email);
    const noCsrf = await api<{ error: { code: string } }>(
      server.http,
      'POST',
      '/api/projects',
      { name: 'X' },
      null,
      { cookie },
    );
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('forbidden');
    const withCsrf = await api(server.http, 'POST', '/api/projects', { name: 'X' }, null, {
      cookie,
      [CSRF_HEADER]: login.body.csrfToken,
    });
    expect(withCsrf.status).toBe(201);
    const foreign = await api(server.http, 'POST', '/api/projects', { name: 'X' }, null, {
      cookie,
      [CSRF_HEADER]: login.body.csrfToken,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);

    // The session token also works as a Bearer token, until logout.
    expect((await server.api('GET', '/api/me', undefined, login.body.token)).status).toBe(200);
    expect((await server.api('POST', '/api/auth/logout', undefined, login.body.token)).status).toBe(204);
    expect((await server.api('GET', '/api/me', undefined, login.body.token)).status).toBe(401);
  });

  it('refuses wrong passwords with one message and rate-limits attempts', async () => {
    const { user } = await server.user('Target');
    const attempt = (email: string) =>
      api<{ error: { code: string; message: string } }>(
        server.http,
        'POST',
        '/api/auth/login',
        { email, password: 'wrong-password' },
        null,
      );
    const wrong = await attempt(user.email);
    const unknown = await attempt('nobody@test.local');
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    await attempt(user.email);
    await attempt(user.email);
    const limited = await attempt(user.email);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rateLimited');
  });

  it('rate-limits wrong current passwords on a password change, per account', async () => {
    const { token } = await server.user('Shared computer');
    const change = (currentPassword: string, who = token) =>
      server.api<{ error: { code: string } }>(
        'POST',
        '/api/me/password',
        { currentPassword, newPassword: 'a-new-password-123' },
        who,
      );
    for (let i = 0; i < 3; i++) expect((await change('wrong-password')).status).toBe(403);
    const limited = await change('wrong-password');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rateLimited');
    // Another account's allowance is its own.
    const other = await server.user('Someone else');
    expect((await change('wrong-password', other.token)).status).toBe(403);
  });

  it('answers 401, 403 and 400 in the JSON error shape', async () => {
    const anonymous = await server.api<{ error: { code: string } }>('GET', '/api/projects', undefined, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    const badToken = await server.api<{ error: { code: string } }>(
      'GET',
      '/api/projects',
      undefined,
      'cc_not-a-token',
    );
    expect(badToken.status).toBe(401);
    const { project, a } = await team();
    const forbidden = await server.api<{ error: { code: string } }>(
      'POST',
      `/api/projects/${project.id}/members`,
      { userId: a.user.id, role: 'owner' },
      a.token,
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    const invalid = await server.api<{ error: { code: string; issues: unknown[] } }>('POST', '/api/users', {
      email: 'not-an-email',
      name: '',
      password: 'short',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues).toHaveLength(3);
    expect(
      (
        await server.api(
          'POST',
          '/api/users',
          { email: 'x@y.org', name: 'X', password: 'long-enough-1' },
          a.token,
        )
      ).status,
    ).toBe(403);
    const stranger = await server.user('Stranger');
    expect((await server.api('GET', `/api/projects/${project.id}`, undefined, stranger.token)).status).toBe(
      404,
    );
  });

  it('issues API tokens that can be revoked', async () => {
    const { token } = await server.user('Scripter');
    const created = await server.api<{ id: string; token: string }>(
      'POST',
      '/api/me/tokens',
      { name: 'cli' },
      token,
    );
    expect(created.status).toBe(201);
    expect((await server.api('GET', '/api/projects', undefined, created.body.token)).status).toBe(200);
    expect((await server.api('DELETE', `/api/me/tokens/${created.body.id}`, undefined, token)).status).toBe(
      204,
    );
    expect((await server.api('GET', '/api/projects', undefined, created.body.token)).status).toBe(401);
  });
});

describe('sync authorization', () => {
  it('refuses unauthenticated upgrades and foreign-origin cookie upgrades before any byte', async () => {
    const { doc, a } = await team();
    const room = roomName.text(doc.id);
    expect(await upgrade(room)).toBe(401);
    expect(await upgrade(room, { authorization: 'Bearer nonsense' })).toBe(401);
    expect(await upgrade(room, { authorization: `Bearer ${a.token}` })).toBe(101);
    const login = await api<{ token: string }>(
      server.http,
      'POST',
      '/api/auth/login',
      { email: a.user.email, password: a.password },
      null,
    );
    const cookie = `${SESSION_COOKIE}=${login.body.token}`;
    expect(await upgrade(room, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(room, { cookie, origin: server.http })).toBe(101);
    expect(await upgrade(room, { cookie })).toBe(101);
  });

  it('keeps a blind round blind: other layers and consensus are refused to coders, reviewers see all', async () => {
    const { project, doc, a, b, reviewer } = await team();
    const layerB = roomName.layer(doc.id, b.user.id);
    const consensus = roomName.layer(doc.id, 'consensus');
    const q = (token: string) => `?token=${token}`;
    expect(await upgrade(layerB, {}, q(a.token))).toBe(101);
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, a.token)).status).toBe(
      403,
    );
    expect(
      (await server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, reviewer.token)).status,
    ).toBe(200);
    expect(await upgrade(layerB, {}, q(a.token))).toBe(403);
    expect(await upgrade(consensus, {}, q(a.token))).toBe(403);
    expect(await upgrade(roomName.layer(doc.id, a.user.id), {}, q(a.token))).toBe(101);
    expect(await upgrade(layerB, {}, q(reviewer.token))).toBe(101);
    expect(await upgrade(consensus, {}, q(reviewer.token))).toBe(101);

    // B codes; A's REST view of the document shows only A's own layer.
    const bText = open(roomName.text(doc.id), b.token);
    const bLayer = open(layerB, b.token);
    await Promise.all([bText, bLayer].map(synced));
    codingsMap(bLayer.doc).set('c1', {
      codeId: 'k',
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(bText.doc.getText('content'), 0)),
      end: Y.relativePositionToJSON(
        Y.createRelativePositionFromTypeIndex(bText.doc.getText('content'), 6, -1),
      ),
      memo: '',
      author: b.user.id,
      createdAt: 'now',
      updatedAt: 'now',
    });
    await vi.waitFor(async () => {
      const r = await server.api<{ codings: { coder: string }[] }>(
        'GET',
        `/api/projects/${project.id}/documents/${doc.id}/codings`,
        undefined,
        reviewer.token,
      );
      expect(r.body.codings.map((c) => c.coder)).toEqual([b.user.id]);
    });
    const seenByA = await server.api<{ codings: unknown[] }>(
      'GET',
      `/api/projects/${project.id}/documents/${doc.id}/codings`,
      undefined,
      a.token,
    );
    expect(seenByA.body.codings).toEqual([]);
    // Agreement: nothing computed across layers for coders while the round is blind.
    const report = await server.api<{ error: { code: string; message: string } }>(
      'GET',
      `/api/projects/${project.id}/agreement?ci=0`,
      undefined,
      a.token,
    );
    expect(report.status).toBe(403);
    expect(report.body.error.message).toMatch(/blind/);
    expect(
      (await server.api('GET', `/api/projects/${project.id}/agreement/input`, undefined, a.token)).status,
    ).toBe(403);
    expect(
      (
        await server.api<ProjectAgreement>(
          'GET',
          `/api/projects/${project.id}/agreement?ci=0`,
          undefined,
          reviewer.token,
        )
      ).status,
    ).toBe(200);

    // Unblinding is explicit and audited.
    expect(
      (await server.api('PATCH', `/api/projects/${project.id}`, { blind: false }, reviewer.token)).status,
    ).toBe(200);
    expect(await upgrade(layerB, {}, q(a.token))).toBe(101);
    const log = await server.api<{ action: string; actorId: string }[]>(
      'GET',
      `/api/projects/${project.id}/audit`,
    );
    expect(log.body.map((e) => e.action).slice(0, 2)).toEqual(['round.unblind', 'round.blind']);
    expect(log.body[0]!.actorId).toBe(reviewer.user.id);
    expect(
      (await server.api('GET', `/api/projects/${project.id}/audit`, undefined, reviewer.token)).status,
    ).toBe(403);
  });

  it("closes a coder's open connection to another layer when the round turns blind", async () => {
    const { project, doc, a, b, reviewer } = await team();
    const peek = open(roomName.layer(doc.id, b.user.id), a.token);
    await synced(peek);
    const closed = new Promise<number>((resolve) =>
      peek.provider.on('connection-close', (e) => resolve(e?.code ?? 0)),
    );
    await server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, reviewer.token);
    expect(await closed).toBe(CloseCode.forbidden);
  });

  it("drops a viewer's writes: they reach neither other clients nor storage", async () => {
    const { doc, viewer, reviewer } = await team();
    const room = roomName.text(doc.id);
    const watcher = open(room, reviewer.token);
    const intruder = open(room, viewer.token);
    await Promise.all([watcher, intruder].map(synced));
    intruder.doc.getText('content').insert(0, 'VANDALISM ');
    // A later write by someone allowed arrives; the viewer's never does.
    watcher.doc.getText('content').insert(watcher.doc.getText('content').length, ' Reviewed.');
    await vi.waitFor(() => expect(intruder.doc.getText('content').toString()).toContain('Reviewed.'));
    expect(watcher.doc.getText('content').toString()).toBe('Shared transcript. Reviewed.');
    const log = await server.app.storage.loadRoom(room);
    const stored = new Y.Doc();
    if (log.snapshot) Y.applyUpdate(stored, log.snapshot);
    for (const u of log.updates) Y.applyUpdate(stored, u.data);
    expect(stored.getText('content').toString()).toBe('Shared transcript. Reviewed.');
    await converged([watcher, open(room, reviewer.token)]);
  });

  it('disconnects a member removed while connected, and refuses their reconnect', async () => {
    const { project, doc, a } = await team();
    const c = open(roomName.layer(doc.id, a.user.id), a.token);
    await synced(c);
    const closed = new Promise<number>((resolve) =>
      c.provider.on('connection-close', (e) => resolve(e?.code ?? 0)),
    );
    expect((await server.api('DELETE', `/api/projects/${project.id}/members/${a.user.id}`)).status).toBe(204);
    expect(await closed).toBe(CloseCode.forbidden);
    // No longer a member: told no more than an outsider (as REST answers them, 404).
    expect(await upgrade(roomName.layer(doc.id, a.user.id), {}, `?token=${a.token}`)).toBe(404);
    const log = await server.api<{ action: string }[]>('GET', `/api/projects/${project.id}/audit`);
    expect(log.body[0]!.action).toBe('member.remove');
  });

  it('keeps at least one owner and lets invitations add members once', async () => {
    const { project } = await team();
    const last = await server.api<{ error: { code: string } }>(
      'DELETE',
      `/api/projects/${project.id}/members/${server.admin.id}`,
    );
    expect(last.status).toBe(409);
    const invite = await server.api<{ token: string }>('POST', `/api/projects/${project.id}/invitations`, {
      role: 'coder',
    });
    const newcomer = await server.user('Newcomer');
    const accepted = await server.api<{ role: string }>(
      'POST',
      `/api/invitations/${invite.body.token}/accept`,
      undefined,
      newcomer.token,
    );
    expect(accepted.body.role).toBe('coder');
    expect((await server.api('GET', `/api/projects/${project.id}`, undefined, newcomer.token)).status).toBe(
      200,
    );
    const other = await server.user('Latecomer');
    expect(
      (await server.api('POST', `/api/invitations/${invite.body.token}/accept`, undefined, other.token))
        .status,
    ).toBe(404);
  });

  it('voids the invitations of an owner who was removed or demoted', async () => {
    const { project } = await team();
    const coOwner = await server.user('Co-owner');
    await server.api('POST', `/api/projects/${project.id}/members`, {
      userId: coOwner.user.id,
      role: 'owner',
    });
    const invite = async () =>
      (
        await server.api<{ token: string }>(
          'POST',
          `/api/projects/${project.id}/invitations`,
          { role: 'owner', days: 90 },
          coOwner.token,
        )
      ).body.token;
    const [kept, afterDemotion] = [await invite(), await invite()];

    // Demoted to coder: their links no longer add anyone.
    await server.api('PATCH', `/api/projects/${project.id}/members/${coOwner.user.id}`, { role: 'coder' });
    const stranger = await server.user('Stranger');
    const refused = await server.api<{ error: { message: string } }>(
      'POST',
      `/api/invitations/${afterDemotion}/accept`,
      undefined,
      stranger.token,
    );
    expect(refused.status).toBe(404);
    // Deleted with the role, so it is unknown now (and stays so if the role comes back).
    expect(refused.body.error.message).toBe('this invitation is unknown, used or expired');
    expect((await server.api('GET', `/api/projects/${project.id}`, undefined, stranger.token)).status).toBe(
      404,
    );

    // Removed: their own unused link does not bring them back as owner.
    await server.api('DELETE', `/api/projects/${project.id}/members/${coOwner.user.id}`);
    expect(
      (await server.api('POST', `/api/invitations/${kept}/accept`, undefined, coOwner.token)).status,
    ).toBe(404);
    expect((await server.api('GET', `/api/projects/${project.id}`, undefined, coOwner.token)).status).toBe(
      404,
    );
  });
});
