/** An administrator resets a user's password over REST: shown once, old sessions end, audited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PasswordReset } from '../../shared/schemas.ts';
import { api, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.destroy();
});

const signIn = (email: string, password: string) =>
  api<{ token: string }>(server.http, 'POST', '/api/auth/login', { email, password }, null);

describe('POST /api/users/:userId/password', () => {
  it('gives the user a new password once and ends their sessions; API tokens stay', async () => {
    const { user, password, token: apiToken } = await server.user('Forgetful Coder');
    const session = await signIn(user.email, password);
    expect(session.status).toBe(200);

    const reset = await server.api<PasswordReset>('POST', `/api/users/${user.id}/password`);
    expect(reset.status).toBe(200);
    expect(reset.headers.get('cache-control')).toBe('no-store');
    expect(reset.body).toMatchObject({ userId: user.id, email: user.email });
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{20}$/);

    expect((await signIn(user.email, password)).status).toBe(401);
    expect((await signIn(user.email, reset.body.password)).status).toBe(200);
    expect((await server.api('GET', '/api/me', undefined, session.body.token)).status).toBe(401);
    expect((await server.api('GET', '/api/me', undefined, apiToken)).status).toBe(200);

    // A second reset gives another password.
    const again = await server.api<PasswordReset>('POST', `/api/users/${user.id}/password`);
    expect(again.body.password).not.toBe(reset.body.password);
  });

  it('is for administrators only, and 404 for unknown users', async () => {
    const coder = await server.user('Coder');
    const other = await server.user('Other');
    const refused = await server.api<{ error: { code: string } }>(
      'POST',
      `/api/users/${other.user.id}/password`,
      undefined,
      coder.token,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await signIn(other.user.email, other.password)).status).toBe(200);
    const unknown = await server.api<{ error: { code: string } }>('POST', '/api/users/nobody/password');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('notFound');
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = await server.api<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(doc.body.paths['/api/users/{userId}/password']?.post).toBeDefined();
  });
});
