/**
 * Managing a project's team over real HTTP: members added by email, pending invitation links
 * listed, previewed and revoked, the audit log with names, and API tokens listed with their expiry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ApiToken,
  AuditEntryView,
  InvitationPreview,
  Membership,
  PendingInvitation,
  Project,
} from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.destroy();
});

/** A project owned by a (non-administrator) owner, with their token. */
async function ownedProject() {
  const owner = await server.user('Ana Owner');
  const project = (await server.api<Project>('POST', '/api/projects', { name: 'Interviews' }, owner.token))
    .body;
  return { owner, project };
}

/** Puts the users in an earlier project together (as the administrator): they become colleagues. */
async function workedTogether(...userIds: string[]): Promise<void> {
  const earlier = (await server.api<Project>('POST', '/api/projects', { name: 'Earlier study' })).body;
  for (const userId of userIds) {
    await server.api('POST', `/api/projects/${earlier.id}/members`, { userId, role: 'coder' });
  }
}

type Invite = { token: string; path: string; role: string; expiresAt: string };

describe('members by email', () => {
  it('adds an existing user by email (any spelling), refuses unknown addresses, keeps userId working', async () => {
    const { owner, project } = await ownedProject();
    const ben = await server.user('Ben Coder');
    const stranger = await server.user('Stranger Danger');
    // Owners reach people they already work with: Ana and Ben share an earlier study.
    await workedTogether(owner.user.id, ben.user.id);
    const added = await server.api<Membership>(
      'POST',
      `/api/projects/${project.id}/members`,
      { email: `  ${ben.user.email.toUpperCase()} `, role: 'coder' },
      owner.token,
    );
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ projectId: project.id, userId: ben.user.id, role: 'coder' });

    const unknown = await server.api<{ error: { code: string; message: string } }>(
      'POST',
      `/api/projects/${project.id}/members`,
      { email: 'nobody@test.local', role: 'coder' },
      owner.token,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'nobody you work with has an account with the email nobody@test.local: send them an invitation link instead',
    );
    // A stranger's account is answered exactly like a missing one, by email and by id, and is not added:
    // an owner can neither find out who has an account nor pull anyone into a project unasked.
    const strangerByEmail = await server.api<{ error: { message: string } }>(
      'POST',
      `/api/projects/${project.id}/members`,
      { email: stranger.user.email, role: 'owner' },
      owner.token,
    );
    expect(strangerByEmail.status).toBe(404);
    expect(strangerByEmail.body.error.message).toBe(
      `nobody you work with has an account with the email ${stranger.user.email}: send them an invitation link instead`,
    );
    const strangerById = await server.api(
      'POST',
      `/api/projects/${project.id}/members`,
      { userId: stranger.user.id, role: 'coder' },
      owner.token,
    );
    expect(strangerById.status).toBe(404);
    const listed = await server.api<Membership[]>(
      'GET',
      `/api/projects/${project.id}/members`,
      undefined,
      owner.token,
    );
    expect(listed.body.map((m) => m.userId)).not.toContain(stranger.user.id);

    const both = await server.api<{ error: { issues: { path: string[] }[] } }>(
      'POST',
      `/api/projects/${project.id}/members`,
      { email: ben.user.email, userId: ben.user.id, role: 'coder' },
      owner.token,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.issues[0]!.path).toEqual(['email']);

    const byId = await server.api<Membership>(
      'POST',
      `/api/projects/${project.id}/members`,
      { userId: ben.user.id, role: 'reviewer' },
      owner.token,
    );
    expect(byId.status).toBe(200);
    expect(byId.body.role).toBe('reviewer');

    // Coders may not add anyone.
    const carl = await server.user('Carl');
    expect(
      (
        await server.api(
          'POST',
          `/api/projects/${project.id}/members`,
          { email: carl.user.email, role: 'coder' },
          ben.token,
        )
      ).status,
    ).toBe(403);
  });
});

describe('pending invitations', () => {
  it('lists unused links without their secret, previews one, and revokes it for good', async () => {
    const { owner, project } = await ownedProject();
    const create = async (role: string, days: number) =>
      (
        await server.api<Invite>(
          'POST',
          `/api/projects/${project.id}/invitations`,
          { role, days },
          owner.token,
        )
      ).body;
    const coderLink = await create('coder', 7);
    const viewerLink = await create('viewer', 30);
    expect(coderLink.path).toBe(`/invitations/${coderLink.token}`);

    const list = await server.api<PendingInvitation[]>(
      'GET',
      `/api/projects/${project.id}/invitations`,
      undefined,
      owner.token,
    );
    expect(list.status).toBe(200);
    expect(list.body.map((i) => [i.role, i.createdByName])).toEqual(
      expect.arrayContaining([
        ['coder', 'Ana Owner'],
        ['viewer', 'Ana Owner'],
      ]),
    );
    expect(list.body).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(coderLink.token);
    const viewerEntry = list.body.find((i) => i.role === 'viewer')!;
    expect(viewerEntry.expiresAt).toBe(viewerLink.expiresAt);

    // Anyone signed in can see what a link offers, without using it.
    const guest = await server.user('Guest');
    const preview = await server.api<InvitationPreview>(
      'GET',
      `/api/invitations/${coderLink.token}`,
      undefined,
      guest.token,
    );
    expect(preview.body).toEqual({
      projectId: project.id,
      projectName: 'Interviews',
      role: 'coder',
      invitedBy: 'Ana Owner',
      expiresAt: coderLink.expiresAt,
      currentRole: null,
    });
    expect((await server.api('GET', `/api/invitations/${coderLink.token}`, undefined, null)).status).toBe(
      401,
    );

    // Non-owners see no links.
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: guest.user.id, role: 'coder' });
    expect(
      (await server.api('GET', `/api/projects/${project.id}/invitations`, undefined, guest.token)).status,
    ).toBe(403);
    expect(
      (
        await server.api(
          'DELETE',
          `/api/projects/${project.id}/invitations/${viewerEntry.id}`,
          undefined,
          guest.token,
        )
      ).status,
    ).toBe(403);

    const revoked = await server.api(
      'DELETE',
      `/api/projects/${project.id}/invitations/${viewerEntry.id}`,
      undefined,
      owner.token,
    );
    expect(revoked.status).toBe(204);
    const again = await server.api(
      'DELETE',
      `/api/projects/${project.id}/invitations/${viewerEntry.id}`,
      undefined,
      owner.token,
    );
    expect(again.status).toBe(404);
    const latecomer = await server.user('Latecomer');
    expect(
      (await server.api('POST', `/api/invitations/${viewerLink.token}/accept`, undefined, latecomer.token))
        .status,
    ).toBe(404);
    expect(
      (await server.api('GET', `/api/invitations/${viewerLink.token}`, undefined, latecomer.token)).status,
    ).toBe(404);

    // A used link leaves the list.
    await server.api('POST', `/api/invitations/${coderLink.token}/accept`, undefined, latecomer.token);
    const after = await server.api<PendingInvitation[]>(
      'GET',
      `/api/projects/${project.id}/invitations`,
      undefined,
      owner.token,
    );
    expect(after.body).toEqual([]);

    const log = await server.api<AuditEntryView[]>(
      'GET',
      `/api/projects/${project.id}/audit`,
      undefined,
      owner.token,
    );
    const revoke = log.body.find((e) => e.action === 'invitation.revoke')!;
    expect(revoke).toMatchObject({ actorName: 'Ana Owner', details: { role: 'viewer' } });
  });

  it('leaves out the links of an owner who lost the role', async () => {
    const { owner, project } = await ownedProject();
    const coOwner = await server.user('Co-owner');
    await server.api('POST', `/api/projects/${project.id}/members`, {
      userId: coOwner.user.id,
      role: 'owner',
    });
    const voided = (
      await server.api<Invite>(
        'POST',
        `/api/projects/${project.id}/invitations`,
        { role: 'coder' },
        coOwner.token,
      )
    ).body;
    await server.api('POST', `/api/projects/${project.id}/invitations`, { role: 'viewer' }, owner.token);
    const listed = async () =>
      (
        await server.api<PendingInvitation[]>(
          'GET',
          `/api/projects/${project.id}/invitations`,
          undefined,
          owner.token,
        )
      ).body.map((i) => i.createdByName);
    expect((await listed()).sort()).toEqual(['Ana Owner', 'Co-owner']);
    await server.api('PATCH', `/api/projects/${project.id}/members/${coOwner.user.id}`, { role: 'coder' });
    expect(await listed()).toEqual(['Ana Owner']);
    // Nor does the link offer anything any more.
    const guest = await server.user('Guest');
    expect((await server.api('GET', `/api/invitations/${voided.token}`, undefined, guest.token)).status).toBe(
      404,
    );
    // It stays dead when the role comes back: the link died with the role, it was not suspended.
    await server.api('PATCH', `/api/projects/${project.id}/members/${coOwner.user.id}`, { role: 'owner' });
    expect((await listed()).sort()).toEqual(['Ana Owner']);
    expect((await server.api('GET', `/api/invitations/${voided.token}`, undefined, guest.token)).status).toBe(
      404,
    );
    expect(
      (await server.api('POST', `/api/invitations/${voided.token}/accept`, undefined, guest.token)).status,
    ).toBe(404);
    expect((await server.api('GET', `/api/projects/${project.id}/members`)).body).not.toContainEqual(
      expect.objectContaining({ userId: guest.user.id }),
    );
  });

  it('is left unused by a member who opens it, for the colleague it was meant for', async () => {
    const { owner, project } = await ownedProject();
    const viewer = await server.user('Vic Viewer');
    await server.api('POST', `/api/projects/${project.id}/members`, {
      userId: viewer.user.id,
      role: 'viewer',
    });
    const link = (
      await server.api<Invite>(
        'POST',
        `/api/projects/${project.id}/invitations`,
        { role: 'coder' },
        owner.token,
      )
    ).body;
    const opened = await server.api<{ error: { code: string; message: string } }>(
      'POST',
      `/api/invitations/${link.token}/accept`,
      undefined,
      viewer.token,
    );
    expect(opened.status).toBe(409);
    expect(opened.body.error.message).toContain('you are already a member of this project, as viewer');
    // Their role is unchanged, and the colleague can still join with it.
    const members = (await server.api<Membership[]>('GET', `/api/projects/${project.id}/members`)).body;
    expect(members.find((m) => m.userId === viewer.user.id)?.role).toBe('viewer');
    const colleague = await server.user('Cam Colleague');
    const joined = await server.api<Membership>(
      'POST',
      `/api/invitations/${link.token}/accept`,
      undefined,
      colleague.token,
    );
    expect(joined.status).toBe(200);
    expect(joined.body.role).toBe('coder');
  });
});

describe('audit log and tokens', () => {
  it('names who acted and whom it concerned, even after they left', async () => {
    const { owner, project } = await ownedProject();
    const ben = await server.user('Ben Coder');
    await workedTogether(owner.user.id, ben.user.id);
    await server.api(
      'POST',
      `/api/projects/${project.id}/members`,
      { email: ben.user.email, role: 'coder' },
      owner.token,
    );
    await server.api(
      'PATCH',
      `/api/projects/${project.id}/members/${ben.user.id}`,
      { role: 'reviewer' },
      owner.token,
    );
    await server.api('DELETE', `/api/projects/${project.id}/members/${ben.user.id}`, undefined, owner.token);
    const log = await server.api<AuditEntryView[]>(
      'GET',
      `/api/projects/${project.id}/audit`,
      undefined,
      owner.token,
    );
    expect(
      log.body.slice(0, 3).map((e) => [e.action, e.actorName, e.subjectName, e.details.previousRole]),
    ).toEqual([
      ['member.remove', 'Ana Owner', 'Ben Coder', undefined],
      ['member.role', 'Ana Owner', 'Ben Coder', 'coder'],
      ['member.add', 'Ana Owner', 'Ben Coder', undefined],
    ]);
  });

  it('lists API tokens with their expiry, never their secret', async () => {
    const ana = await server.user('Ana');
    const created = await server.api<{ id: string; token: string }>(
      'POST',
      '/api/me/tokens',
      { name: 'laptop' },
      ana.token,
    );
    const list = await server.api<ApiToken[]>('GET', '/api/me/tokens', undefined, ana.token);
    const mine = list.body.find((t) => t.id === created.body.id)!;
    expect(mine).toMatchObject({ name: 'laptop', expiresAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
  });
});
