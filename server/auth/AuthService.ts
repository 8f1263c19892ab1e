/**
 * Accounts and credentials: sign-in, session cookies and API tokens (the same secrets, stored only
 * as SHA-256 hashes), the bootstrap administrator.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import { normalizeEmail, type CreateUserBody, type User } from '../../shared/schemas.ts';
import type { Storage, StoredCredential } from '../storage/Storage.ts';
import { hashPassword, randomPassword, verifyPassword } from './passwords.ts';

/** How long a sign-in session lasts. */
export const SESSION_DAYS = 14;

export interface AuthDeps {
  storage: Storage;
  now: () => Date;
  newId: () => string;
}

/** Who made a request, and with which credential. */
export interface Identity {
  user: User;
  credential: StoredCredential;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const newSecret = (): string => randomBytes(32).toString('base64url');

export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  /** Checks email and password; returns a new session secret. One error for every failure. */
  async login(email: string, password: string): Promise<{ token: string; csrf: string; user: User }> {
    const { storage } = this.deps;
    const user = await this.findByEmail(email);
    const hash = user ? await storage.getPasswordHash(user.id) : null;
    // Verify against a throwaway hash when the user is unknown, so timing does not tell.
    const ok = await verifyPassword(password, hash ?? DUMMY_HASH);
    if (!user || !hash || !ok) throw new AppError('unauthorized', 'email or password is wrong');
    const token = newSecret();
    const csrf = newSecret();
    const now = this.deps.now();
    await storage.createCredential({
      id: this.deps.newId(),
      tokenHash: hashToken(token),
      userId: user.id,
      kind: 'session',
      name: '',
      csrf,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    });
    return { token, csrf, user };
  }

  /**
   * The account with this address, however it is typed. Accounts are stored under the normalised
   * address; one stored before that (an imported coder's mixed-case placeholder) is still found
   * when typed as stored.
   */
  async findByEmail(email: string): Promise<User | null> {
    const { storage } = this.deps;
    return (await storage.getUserByEmail(normalizeEmail(email))) ?? storage.getUserByEmail(email.trim());
  }

  /** The identity behind a session or API token secret, if it is valid now. */
  async identify(secret: string): Promise<Identity | null> {
    if (secret.length === 0 || secret.length > 200) return null;
    return this.deps.storage.findCredential(hashToken(secret), this.deps.now().toISOString());
  }

  /** Ends the session (or API token) the request came with. */
  async logout(identity: Identity): Promise<void> {
    await this.deps.storage.deleteCredential(identity.user.id, identity.credential.id);
  }

  /** Ends every session and API token of the user ("sign out everywhere"); returns their ids. */
  logoutEverywhere(userId: string): Promise<string[]> {
    return this.deps.storage.deleteCredentials(userId, {});
  }

  /** A long-lived Bearer token for scripts and the CLI; the secret is shown once. */
  async createApiToken(userId: string, name: string): Promise<{ id: string; token: string; name: string }> {
    const token = `cc_${newSecret()}`;
    const id = this.deps.newId();
    await this.deps.storage.createCredential({
      id,
      tokenHash: hashToken(token),
      userId,
      kind: 'api',
      name,
      csrf: '',
      createdAt: this.deps.now().toISOString(),
      expiresAt: null,
    });
    return { id, token, name };
  }

  async createUser(body: CreateUserBody, options: { synthetic?: boolean } = {}): Promise<User> {
    const { storage, newId, now } = this.deps;
    // Stored normalised, so sign-in finds the account however the address is typed.
    const email = normalizeEmail(body.email);
    if (await storage.getUserByEmail(email)) {
      throw new AppError('conflict', `a user with email '${email}' already exists`);
    }
    return storage.createUser({
      id: newId(),
      email,
      name: body.name,
      synthetic: options.synthetic ?? false,
      isAdmin: body.isAdmin,
      passwordHash: await hashPassword(body.password),
      createdAt: now().toISOString(),
    });
  }

  /**
   * Changes the password after checking the current one, and ends the user's other sessions: a
   * session opened with the old password (perhaps by whoever learnt it) must not outlive it. The
   * session making the change stays, and so do API tokens — they were never the password; "sign out
   * everywhere" ends those. Returns the ids of the sessions ended.
   */
  async changePassword(identity: Identity, current: string, next: string): Promise<string[]> {
    const { storage } = this.deps;
    const { user, credential } = identity;
    const hash = await storage.getPasswordHash(user.id);
    if (!hash || !(await verifyPassword(current, hash)))
      throw new AppError('forbidden', 'the current password is wrong');
    await storage.setPasswordHash(user.id, await hashPassword(next));
    return storage.deleteCredentials(user.id, { kind: 'session', except: credential.id });
  }

  /** Gives an existing user (e.g. a demo coder) a password; returns it when generated. */
  async setPassword(userId: string, password: string = randomPassword()): Promise<string> {
    await this.deps.storage.setPasswordHash(userId, await hashPassword(password));
    return password;
  }

  /**
   * An administrator's reset: the user gets a new generated password (returned, to be shown once;
   * only its hash is kept) and every sign-in session of theirs is deleted, so whoever held the
   * old password is signed out; returns the ended sessions' ids, so their sockets and streams are
   * closed too. API tokens stay: scripts keep working, and their owner revokes them. Throws
   * `notFound` for an unknown user.
   */
  async resetPassword(userId: string): Promise<{ user: User; password: string; endedSessions: string[] }> {
    const { storage } = this.deps;
    const user = await storage.getUser(userId);
    if (!user) throw new AppError('notFound', `user '${userId}' does not exist`);
    const password = await this.setPassword(user.id);
    const endedSessions = await storage.deleteCredentials(user.id, { kind: 'session' });
    return { user, password, endedSessions };
  }

  /**
   * Creates the first administrator when there is none. Returns the email and, when the password
   * was generated rather than configured, the password (to be shown once); null when one exists.
   */
  async bootstrapAdmin(configured: {
    email?: string | undefined;
    password?: string | undefined;
  }): Promise<{ email: string; password: string | null } | null> {
    if ((await this.deps.storage.countAdmins()) > 0) return null;
    const email = normalizeEmail(configured.email ?? 'admin@concord.local');
    const password = configured.password ?? randomPassword();
    const existing = await this.deps.storage.getUserByEmail(email);
    if (existing)
      throw new AppError('conflict', `cannot make '${email}' the administrator: the address is taken`);
    await this.createUser({ email, name: 'Administrator', password, isAdmin: true });
    return { email, password: configured.password ? null : password };
  }
}

/** A valid hash of a random secret, verified against when the user does not exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
