/** Sign-in, the caller's own account and tokens, and user administration. */
import { Router } from 'express';
import { ipKeyGenerator, rateLimit, type ValueDeterminingMiddleware } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import {
  ChangePasswordBodySchema,
  CreateTokenBodySchema,
  CreateUserBodySchema,
  IdSchema,
  LoginBodySchema,
  normalizeEmail,
  type ApiToken,
  type PasswordReset,
} from '../../shared/schemas.ts';
import { SESSION_DAYS, type AuthService } from '../auth/AuthService.ts';
import type { AccessService } from '../services/AccessService.ts';
import { audit } from '../services/audit.ts';
import type { ServiceDeps } from '../services/ProjectService.ts';
import { authOf, clearSessionCookies, sameOrigin, setSessionCookies } from './auth.ts';
import { parseInput } from './validate.ts';

export interface AuthRouterDeps {
  auth: AuthService;
  /** Closes the sockets and streams of credentials that end here. */
  access: AccessService;
  services: ServiceDeps;
  allowedOrigins: readonly string[];
  /** Failed sign-in attempts allowed per client address and (normalised) email in `loginWindowMs`. */
  loginAttempts: number;
  loginWindowMs: number;
}

export function authRouter(deps: AuthRouterDeps): Router {
  const { auth, access, services } = deps;
  const { storage } = services;
  const router = Router();

  /**
   * Limits failed password checks to `loginAttempts` per `loginWindowMs` for each key. Only
   * failures count: someone who signs in often is not slowed down by their own success.
   */
  const failedPasswordLimiter = (key: ValueDeterminingMiddleware<string>, message: string) =>
    rateLimit({
      windowMs: deps.loginWindowMs,
      limit: deps.loginAttempts,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: key,
      skipSuccessfulRequests: true,
      handler: (_req, _res, next) => next(new AppError('rateLimited', message)),
    });

  // Per address and account, so one attacker cannot lock everybody out. The account is the
  // normalised address sign-in looks up, so `Alice@x.org ` and `alice@x.org` share one allowance.
  const loginLimiter = failedPasswordLimiter(
    (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${normalizeEmail(String((req.body as { email?: unknown })?.email ?? ''))}`,
    'too many sign-in attempts; try again later',
  );

  // An allowance of the same size, counted per account, guards the other place a password is
  // checked: changing one's own. A session left open on a shared computer must not become a way
  // to guess the password behind it. Whoever holds that session can thereby use up the account's
  // allowance for a while; signing out everywhere (which needs no password) ends their session.
  const passwordCheckLimiter = failedPasswordLimiter(
    (_req, res) => `user|${authOf(res).user.id}`,
    'too many wrong current passwords; try again later',
  );

  router.post('/auth/login', loginLimiter, async (req, res) => {
    if (!sameOrigin(req, deps.allowedOrigins))
      throw new AppError('forbidden', 'cross-origin sign-in refused');
    const body = parseInput(LoginBodySchema, req.body, 'sign-in');
    const { token, csrf, user } = await auth.login(body.email, body.password);
    setSessionCookies(res, token, csrf, req.secure, SESSION_DAYS * 86_400);
    res.json({ token, csrfToken: csrf, user });
  });

  // Ends this session (or the token used) and closes the sockets and streams it opened.
  router.post('/auth/logout', async (req, res) => {
    const caller = authOf(res);
    await auth.logout(caller);
    access.endCredentials(new Set([caller.credential.id]), 'signed out');
    clearSessionCookies(res);
    res.status(204).end();
  });

  // Sign out everywhere: every session and API token of the caller ends, this one included, with
  // every socket and stream they opened.
  router.post('/auth/logout-everywhere', async (_req, res) => {
    const { user } = authOf(res);
    const ended = await auth.logoutEverywhere(user.id);
    access.endCredentials(new Set(ended), 'signed out everywhere');
    clearSessionCookies(res);
    res.status(204).end();
  });

  router.get('/me', async (_req, res) => {
    const { user } = authOf(res);
    const memberships = await Promise.all(
      (user.isAdmin ? await storage.listProjects() : await storage.listProjectsOf(user.id)).map(
        async (p) => ({
          projectId: p.id,
          role: (await storage.getMember(p.id, user.id))?.role ?? null,
        }),
      ),
    );
    res.json({ user, memberships });
  });

  router.post('/me/password', passwordCheckLimiter, async (req, res) => {
    const caller = authOf(res);
    const body = parseInput(ChangePasswordBodySchema, req.body, 'password change');
    const ended = await auth.changePassword(caller, body.currentPassword, body.newPassword);
    access.endCredentials(new Set(ended), 'the password changed');
    res.status(204).end();
  });

  router.get('/me/tokens', async (_req, res) => {
    const { user } = authOf(res);
    const tokens = (await storage.listCredentials(user.id)).filter((c) => c.kind === 'api');
    res.json(
      tokens.map((t): ApiToken => ({
        id: t.id,
        name: t.name,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
      })),
    );
  });

  router.post('/me/tokens', async (req, res) => {
    const { user } = authOf(res);
    const { name } = parseInput(CreateTokenBodySchema, req.body, 'token');
    res.status(201).json(await auth.createApiToken(user.id, name));
  });

  router.delete('/me/tokens/:tokenId', async (req, res) => {
    const { user } = authOf(res);
    const { tokenId } = parseInput(z.object({ tokenId: IdSchema }), req.params, 'path');
    if (!(await storage.deleteCredential(user.id, tokenId))) throw new AppError('notFound', 'no such token');
    access.endCredentials(new Set([tokenId]), 'the token was revoked');
    res.status(204).end();
  });

  router.get('/users', async (_req, res) => {
    requireAdmin(authOf(res).user.isAdmin);
    res.json(await storage.listUsers());
  });

  router.post('/users', async (req, res) => {
    const { user } = authOf(res);
    requireAdmin(user.isAdmin);
    const body = parseInput(CreateUserBodySchema, req.body, 'user');
    const created = await auth.createUser(body);
    await audit(services, {
      projectId: null,
      actorId: user.id,
      action: 'user.create',
      details: { userId: created.id },
    });
    res.status(201).json(created);
  });

  /**
   * `POST /api/users/:userId/password` (administrators): a new generated password for the user,
   * answered once as `{ userId, email, password }` and never stored in clear; the user's sign-in
   * sessions end (API tokens stay). Audited as `user.passwordReset`. 404 for an unknown user.
   */
  router.post('/users/:userId/password', async (req, res) => {
    const { user } = authOf(res);
    requireAdmin(user.isAdmin);
    const { userId } = parseInput(z.object({ userId: IdSchema }), req.params, 'path');
    const reset = await auth.resetPassword(userId);
    access.endCredentials(new Set(reset.endedSessions), 'the password was reset');
    await audit(services, {
      projectId: null,
      actorId: user.id,
      action: 'user.passwordReset',
      details: { userId, endedSessions: reset.endedSessions.length },
    });
    res.setHeader('cache-control', 'no-store');
    res.json({ userId, email: reset.user.email, password: reset.password } satisfies PasswordReset);
  });

  return router;
}

function requireAdmin(isAdmin: boolean): void {
  if (!isAdmin) throw new AppError('forbidden', 'only administrators manage users');
}
