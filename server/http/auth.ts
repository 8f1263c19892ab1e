/**
 * Request authentication: a Bearer token (scripts, CLI) or the session cookie (browsers). Cookie-
 * authenticated writes must carry the session's CSRF secret in a header and come from our origin.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../../shared/errors.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../../shared/protocol.ts';
import type { AuthService, Identity } from '../auth/AuthService.ts';

/** How a request proved who it is. */
export type AuthMethod = 'cookie' | 'bearer' | 'query';

export interface RequestAuth extends Identity {
  via: AuthMethod;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The secret a request presents, and how. Query tokens are accepted only where asked for. */
export function presentedSecret(
  req: IncomingMessage,
  options: { allowQuery: boolean },
): { secret: string; via: AuthMethod } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { secret: header.slice(7).trim(), via: 'bearer' };
  if (options.allowQuery) {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    if (token) return { secret: token, via: 'query' };
  }
  const cookie = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
  return cookie ? { secret: cookie, via: 'cookie' } : null;
}

/**
 * Whether a browser request comes from one of our origins. Requests without an Origin header are
 * not from a browser page and carry no ambient cookie risk.
 */
export function sameOrigin(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Resolves the caller's identity into `res.locals.auth`; a presented but invalid secret is a 401. */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const presented = presentedSecret(req, { allowQuery: false });
    if (!presented) return next();
    const identity = await auth.identify(presented.secret);
    if (!identity) {
      // A stale cookie is not an error for public routes; a wrong Bearer token always is.
      if (presented.via === 'bearer')
        return next(new AppError('unauthorized', 'the token is invalid or expired'));
      return next();
    }
    res.locals.auth = { ...identity, via: presented.via } satisfies RequestAuth;
    next();
  };
}

/** CSRF defence for cookie-authenticated writes: same origin, and the session's secret in a header. */
export function csrfProtection(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const auth = res.locals.auth as RequestAuth | undefined;
    if (SAFE_METHODS.has(req.method) || auth?.via !== 'cookie') return next();
    if (!sameOrigin(req, allowedOrigins))
      return next(new AppError('forbidden', 'cross-origin request refused'));
    if (req.get(CSRF_HEADER) !== auth.credential.csrf || auth.credential.csrf === '') {
      return next(new AppError('forbidden', `missing or wrong ${CSRF_HEADER} header`));
    }
    next();
  };
}

/** The authenticated caller, or a 401. */
export function authOf(res: Response): RequestAuth {
  const auth = res.locals.auth as RequestAuth | undefined;
  if (!auth)
    throw new AppError('unauthorized', 'sign in first: session cookie or Authorization: Bearer <token>');
  return auth;
}

/** Sets the session and CSRF cookies after sign-in. */
export function setSessionCookies(
  res: Response,
  token: string,
  csrf: string,
  secure: boolean,
  maxAgeSeconds: number,
): void {
  const base = { path: '/', sameSite: 'lax' as const, secure, maxAge: maxAgeSeconds };
  res.append('Set-Cookie', serialize(SESSION_COOKIE, token, { ...base, httpOnly: true }));
  res.append('Set-Cookie', serialize(CSRF_COOKIE, csrf, base));
}

export function clearSessionCookies(res: Response): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'lax' }),
  );
  res.append('Set-Cookie', serialize(CSRF_COOKIE, '', { path: '/', maxAge: 0, sameSite: 'lax' }));
}
