/** Project membership: members and roles, invitation links, and the audit log. */
import { colleagueIds } from '../services/colleagues.ts';
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { mayAct } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import {
  ChangeRoleBodySchema,
  CreateInvitationBodySchema,
  IdSchema,
  PutMemberBodySchema,
  type AuditEntryView,
  type InvitationPreview,
  type PendingInvitation,
  type Role,
} from '../../shared/schemas.ts';
import { hashToken } from '../auth/AuthService.ts';
import type { Invitation, Storage } from '../storage/Storage.ts';
import type { AccessService } from '../services/AccessService.ts';
import { audit } from '../services/audit.ts';
import type { ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
const MemberParams = z.object({ projectId: IdSchema, userId: IdSchema });
const InvitationParams = z.object({ projectId: IdSchema, invitationId: z.string().regex(/^[0-9a-f]{64}$/) });
const TokenParams = z.object({ token: z.string().min(10).max(100) });

export function membersRouter(deps: { access: AccessService; services: ServiceDeps }): Router {
  const { access, services } = deps;
  const { storage } = services;
  const router = Router();

  /** Refuses a change that would leave the project without an owner. */
  const keepAnOwner = async (projectId: string, userId: string, newRole: Role | null) => {
    const members = await storage.listMembers(projectId);
    const owners = members.filter((m) => m.role === 'owner');
    const wasOwner = owners.some((m) => m.userId === userId);
    if (wasOwner && newRole !== 'owner' && owners.length === 1) {
      throw new AppError('conflict', 'a project keeps at least one owner');
    }
  };

  router.get('/projects/:projectId/members', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    const members = await storage.listMembers(projectId);
    const users = await Promise.all(members.map((m) => storage.getUser(m.userId)));
    res.json(
      members.map((m, i) => ({
        ...m,
        name: users[i]?.name ?? '',
        email: users[i]?.email ?? '',
        synthetic: users[i]?.synthetic ?? false,
      })),
    );
  });

  /**
   * `POST /api/projects/:projectId/members` (owners) `{ userId, role }` or `{ email, role }`: adds
   * the user (201) or changes their role (200), answering the membership. By email, the account is
   * looked up normalised; 404 with a message for the owner when there is none. Audited as
   * `member.add` or `member.role`; open connections are re-checked at once.
   */
  router.post('/projects/:projectId/members', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'manageMembers');
    const body = parseInput(PutMemberBodySchema, req.body, 'member');
    // Owners reach only people they already work with (administrators everyone): anyone else is
    // answered exactly like an unknown account, and is invited by link instead. The colleagues are
    // read before the lookup, whatever it finds, so the time taken does not tell either.
    const colleagues = user.isAdmin ? null : await colleagueIds(storage, user.id);
    const found =
      body.email !== undefined
        ? await storage.getUserByEmail(body.email)
        : await storage.getUser(body.userId ?? '');
    const target = found && (colleagues === null || colleagues.has(found.id)) ? found : null;
    if (!target) {
      throw new AppError(
        'notFound',
        body.email !== undefined
          ? `nobody you work with has an account with the email ${body.email}: send them an invitation link instead`
          : `no user '${body.userId}' among the people you work with: send them an invitation link instead`,
      );
    }
    const before = await storage.getMember(projectId, target.id);
    await keepAnOwner(projectId, target.id, body.role);
    const member = await storage.putMember(projectId, target.id, body.role);
    await voidLinksOf(projectId, target.id);
    await audit(services, {
      projectId,
      actorId: user.id,
      action: before ? 'member.role' : 'member.add',
      details: { userId: target.id, role: body.role, ...(before ? { previousRole: before.role } : {}) },
    });
    await access.enforce(projectId);
    res.status(before ? 200 : 201).json(member);
  });

  router.patch('/projects/:projectId/members/:userId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, userId } = parseInput(MemberParams, req.params, 'path');
    await access.require(projectId, user, 'manageMembers');
    const { role } = parseInput(ChangeRoleBodySchema, req.body, 'role change');
    const before = await storage.getMember(projectId, userId);
    if (!before) throw new AppError('notFound', `user '${userId}' is not a member`);
    await keepAnOwner(projectId, userId, role);
    const member = await storage.putMember(projectId, userId, role);
    await voidLinksOf(projectId, userId);
    await audit(services, {
      projectId,
      actorId: user.id,
      action: 'member.role',
      details: { userId, role, previousRole: before.role },
    });
    await access.enforce(projectId);
    res.json(member);
  });

  // Removing a member also closes their open connections to the project's rooms.
  router.delete('/projects/:projectId/members/:userId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, userId } = parseInput(MemberParams, req.params, 'path');
    await access.require(projectId, user, 'manageMembers');
    await keepAnOwner(projectId, userId, null);
    if (!(await storage.removeMember(projectId, userId)))
      throw new AppError('notFound', `user '${userId}' is not a member`);
    await voidLinksOf(projectId, userId);
    await audit(services, { projectId, actorId: user.id, action: 'member.remove', details: { userId } });
    await access.enforce(projectId);
    res.status(204).end();
  });

  router.post('/projects/:projectId/invitations', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'manageMembers');
    const body = parseInput(CreateInvitationBodySchema, req.body, 'invitation');
    const token = randomBytes(24).toString('base64url');
    const now = services.now();
    const expiresAt = new Date(now.getTime() + body.days * 86_400_000).toISOString();
    await storage.createInvitation({
      tokenHash: hashToken(token),
      projectId,
      role: body.role,
      createdBy: user.id,
      createdAt: now.toISOString(),
      expiresAt,
    });
    await audit(services, {
      projectId,
      actorId: user.id,
      action: 'invitation.create',
      details: { role: body.role, expiresAt },
    });
    // `path` is the page of the web client that shows the invitation and joins the project.
    res.status(201).json({ token, path: `/invitations/${token}`, role: body.role, expiresAt });
  });

  /**
   * An invitation speaks for whoever made it, so it holds only while they may still add members:
   * a removed or demoted owner's links die with their role.
   */
  const creatorMayInvite = async (invitation: Invitation): Promise<boolean> => {
    const creator = await storage.getUser(invitation.createdBy);
    const standing = creator ? await storage.getMember(invitation.projectId, creator.id) : null;
    const project = await storage.getProject(invitation.projectId);
    return (
      creator !== null &&
      project !== null &&
      mayAct(
        { userId: creator.id, role: standing?.role ?? null, isAdmin: creator.isAdmin },
        'manageMembers',
        project,
      )
    );
  };

  /**
   * Deletes the pending links of someone who may no longer add members here (demoted or removed):
   * an invitation speaks for whoever made it, so it dies with their role and stays dead, even if
   * they are made an owner again later.
   */
  const voidLinksOf = async (projectId: string, userId: string): Promise<void> => {
    const listed = await storage.listInvitations(projectId, services.now().toISOString());
    for (const invitation of listed.filter((i) => i.createdBy === userId)) {
      if (!(await creatorMayInvite(invitation)))
        await storage.deleteInvitation(projectId, invitation.tokenHash);
    }
  };

  /**
   * `GET /api/projects/:projectId/invitations` (owners): the links not yet used and not expired,
   * newest first, as {@link PendingInvitation}s (never the secret: `id` is its stored hash).
   */
  router.get('/projects/:projectId/invitations', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'manageMembers');
    const listed = await storage.listInvitations(projectId, services.now().toISOString());
    // Links of an owner who has since lost the role cannot be used any more: not pending.
    const usable = await Promise.all(listed.map(creatorMayInvite));
    const pending = listed.filter((_i, k) => usable[k]);
    const names = await userNames(
      storage,
      pending.map((i) => i.createdBy),
    );
    res.json(
      pending.map((i): PendingInvitation => ({
        id: i.tokenHash,
        role: i.role,
        createdBy: i.createdBy,
        createdByName: names.get(i.createdBy) ?? '',
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
      })),
    );
  });

  /**
   * `DELETE /api/projects/:projectId/invitations/:invitationId` (owners): revokes an unused link
   * (204); audited as `invitation.revoke`. 404 when it is unknown, used already or another project's.
   */
  router.delete('/projects/:projectId/invitations/:invitationId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, invitationId } = parseInput(InvitationParams, req.params, 'path');
    await access.require(projectId, user, 'manageMembers');
    // Read first, for the log: what kind of link it was.
    const invitation = await storage.findInvitation(invitationId, services.now().toISOString());
    if (!(await storage.deleteInvitation(projectId, invitationId)))
      throw new AppError('notFound', 'this invitation is unknown or was used already');
    await audit(services, {
      projectId,
      actorId: user.id,
      action: 'invitation.revoke',
      details:
        invitation?.projectId === projectId ? { role: invitation.role, expiresAt: invitation.expiresAt } : {},
    });
    res.status(204).end();
  });

  /**
   * `GET /api/invitations/:token` (any signed-in user): which project and role a link offers, as an
   * {@link InvitationPreview}, without using it. 404 when unknown, used, expired or void.
   */
  router.get('/invitations/:token', async (req, res) => {
    const { user } = authOf(res);
    const { token } = parseInput(TokenParams, req.params, 'path');
    const invitation = await storage.findInvitation(hashToken(token), services.now().toISOString());
    if (!invitation || !(await creatorMayInvite(invitation)))
      throw new AppError('notFound', 'this invitation is unknown, used, expired or withdrawn');
    const [project, creator, standing] = await Promise.all([
      storage.getProject(invitation.projectId),
      storage.getUser(invitation.createdBy),
      storage.getMember(invitation.projectId, user.id),
    ]);
    res.setHeader('cache-control', 'no-store');
    res.json({
      projectId: invitation.projectId,
      projectName: project?.name ?? '',
      role: invitation.role,
      invitedBy: creator?.name ?? '',
      expiresAt: invitation.expiresAt,
      currentRole: standing?.role ?? null,
    } satisfies InvitationPreview);
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const { user } = authOf(res);
    const { token } = parseInput(TokenParams, req.params, 'path');
    const now = services.now().toISOString();
    // A member who opens a link meant for someone else leaves it unused: it would add nothing (an
    // invitation never changes a role someone already has), and the colleague could not use it.
    const pending = await storage.findInvitation(hashToken(token), now);
    if (pending) {
      const already = await storage.getMember(pending.projectId, user.id);
      if (already) {
        throw new AppError(
          'conflict',
          `you are already a member of this project, as ${already.role}; the link stays unused for whom it was meant (owners change roles on the members page)`,
        );
      }
    }
    const invitation = await storage.takeInvitation(hashToken(token), user.id, now);
    if (!invitation) throw new AppError('notFound', 'this invitation is unknown, used or expired');
    // The link is used up either way.
    if (!(await creatorMayInvite(invitation))) {
      throw new AppError(
        'notFound',
        'this invitation is no longer valid: whoever made it can no longer add members',
      );
    }
    const existing = await storage.getMember(invitation.projectId, user.id);
    // An invitation never lowers a role someone already has.
    const member = existing ?? (await storage.putMember(invitation.projectId, user.id, invitation.role));
    await audit(services, {
      projectId: invitation.projectId,
      actorId: user.id,
      action: 'invitation.accept',
      details: { role: member.role },
    });
    res.json(member);
  });

  /**
   * `GET /api/projects/:projectId/audit?limit=200` (owners): the newest `limit` entries (1–1000),
   * newest first, each with `actorName` and `subjectName` (the user named by `details.userId`),
   * null when unknown, so the log reads after people leave. Filtering is left to the reader: the
   * web page filters the newest 1000 by kind, person and words as one types.
   */
  router.get('/projects/:projectId/audit', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'readAudit');
    const { limit } = parseInput(
      z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      req.query,
      'query',
    );
    const entries = await storage.listAudit(projectId, limit);
    const subjectOf = (e: { details: Record<string, unknown> }) =>
      typeof e.details.userId === 'string' ? e.details.userId : null;
    const names = await userNames(
      storage,
      entries.flatMap((e) => [e.actorId, subjectOf(e)].filter((id): id is string => id !== null)),
    );
    res.json(
      entries.map((e): AuditEntryView => ({
        ...e,
        actorName: e.actorId === null ? null : (names.get(e.actorId) ?? null),
        subjectName: names.get(subjectOf(e) ?? '') ?? null,
      })),
    );
  });

  return router;
}

/** The names of these users (each looked up once); users who no longer exist are absent. */
async function userNames(storage: Storage, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => storage.getUser(id)));
  return new Map(users.filter((u) => u !== null).map((u) => [u.id, u.name]));
}
