/** Project membership: members and roles, invitation links, and the audit log. */
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
  type Role,
} from '../../shared/schemas.ts';
import { hashToken } from '../auth/AuthService.ts';
import type { AccessService } from '../services/AccessService.ts';
import { audit } from '../services/audit.ts';
import type { ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
const MemberParams = z.object({ projectId: IdSchema, userId: IdSchema });

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

  router.post('/projects/:projectId/members', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'manageMembers');
    const body = parseInput(PutMemberBodySchema, req.body, 'member');
    if (!(await storage.getUser(body.userId)))
      throw new AppError('notFound', `user '${body.userId}' does not exist`);
    const before = await storage.getMember(projectId, body.userId);
    await keepAnOwner(projectId, body.userId, body.role);
    const member = await storage.putMember(projectId, body.userId, body.role);
    await audit(services, {
      projectId,
      actorId: user.id,
      action: before ? 'member.role' : 'member.add',
      details: { userId: body.userId, role: body.role, ...(before ? { previousRole: before.role } : {}) },
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
    res.status(201).json({ token, path: `/invite/${token}`, role: body.role, expiresAt });
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const { user } = authOf(res);
    const { token } = parseInput(z.object({ token: z.string().min(10).max(100) }), req.params, 'path');
    const invitation = await storage.takeInvitation(hashToken(token), user.id, services.now().toISOString());
    if (!invitation) throw new AppError('notFound', 'this invitation is unknown, used or expired');
    // An invitation speaks for whoever made it, so it holds only while they may still add members:
    // a removed or demoted owner's links die with their role (the link is used up either way).
    const creator = await storage.getUser(invitation.createdBy);
    const standing = creator ? await storage.getMember(invitation.projectId, creator.id) : null;
    const project = await storage.getProject(invitation.projectId);
    const stillAllowed =
      creator !== null &&
      project !== null &&
      mayAct(
        { userId: creator.id, role: standing?.role ?? null, isAdmin: creator.isAdmin },
        'manageMembers',
        project,
      );
    if (!stillAllowed) {
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

  router.get('/projects/:projectId/audit', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'readAudit');
    const { limit } = parseInput(
      z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      req.query,
      'query',
    );
    res.json(await storage.listAudit(projectId, limit));
  });

  return router;
}
