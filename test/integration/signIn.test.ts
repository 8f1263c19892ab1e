/**
 * Sign-in and its rate limit over real HTTP: one allowance per normalised address, successes not
 * counted, accounts stored under the normalised address.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../shared/schemas.ts';
import { api, startServer, type TestServer } from '../helpers/server.ts';

const ATTEMPTS = 10;
let server: TestServer;

beforeEach(async () => {
  server = await startServer({ config: { loginAttempts: ATTEMPTS } });
});
afterEach(async () => {
  await server.destroy();
});

const signIn = (email: string, password: string) =>
  api<{ error?: { code: string }; user?: User }>(
    server.http,
    'POST',
    '/api/auth/login',
    { email, password },
    null,
  );

/** Forty spellings of one address: case, surrounding spaces, full-width letters (NFKC). */
function variants(email: string): string[] {
  const [local = '', domain = ''] = email.split('@');
  const out: string[] = [];
  for (let i = 0; out.length < 40; i++) {
    const cased = [...local].map((ch, j) => ((i >> j) & 1 ? ch.toUpperCase() : ch)).join('');
    const spaced = `${' '.repeat(i % 3)}${cased}@${i % 2 ? domain.toUpperCase() : domain}${'\t'.repeat(i % 2)}`;
    out.push(i % 5 === 4 ? spaced.replace('a', '\uff41') : spaced);
  }
  return out;
}

describe('sign-in rate limit', () => {
  it('gives every spelling of one address the same allowance of failed attempts', async () => {
    const { user } = await server.user('Guessed Account');
    const spellings = variants(user.email);
    expect(new Set(spellings).size).toBe(40);
    const statuses: number[] = [];
    for (const email of spellings) statuses.push((await signIn(email, 'a-wrong-guess!')).status);
    // The first ATTEMPTS guesses are answered (wrong password); every later one is refused.
    expect(statuses.slice(0, ATTEMPTS)).toEqual(Array(ATTEMPTS).fill(401));
    expect(statuses.slice(ATTEMPTS)).toEqual(Array(40 - ATTEMPTS).fill(429));
    // The account itself is now limited, whichever spelling is used.
    expect((await signIn(user.email, 'a-wrong-guess!')).status).toBe(429);
  });

  it('does not count successful sign-ins', async () => {
    const { user, password } = await server.user('Frequent Visitor');
    for (let i = 0; i < ATTEMPTS + 5; i++) {
      const res = await signIn(user.email, password);
      expect(res.status, `sign-in ${i + 1}`).toBe(200);
    }
    // Failures still count after the successes.
    for (let i = 0; i < ATTEMPTS; i++) expect((await signIn(user.email, 'a-wrong-guess!')).status).toBe(401);
    expect((await signIn(user.email, password)).status).toBe(429);
  });
});

describe('email addresses', () => {
  it('are stored normalised and found however they are typed', async () => {
    const created = await server.api<User>('POST', '/api/users', {
      email: '  Mixed.Case@Example.ORG ',
      name: 'Mixed',
      password: 'a-long-password',
    });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('mixed.case@example.org');
    const res = await signIn('MIXED.case@example.org\t', 'a-long-password');
    expect(res.status).toBe(200);
    expect(res.body.user?.id).toBe(created.body.id);
    // Another spelling of the same address is the same account.
    const again = await server.api<{ error: { code: string } }>('POST', '/api/users', {
      email: 'mixed.CASE@example.org',
      name: 'Twin',
      password: 'a-long-password',
    });
    expect(again.status).toBe(409);
  });

  it('still finds an account stored before addresses were normalised, typed as stored', async () => {
    const legacy = await server.app.storage.createUser({
      id: 'legacyImported1',
      email: 'imported-AbC@users.concord.invalid',
      name: 'Imported coder',
      synthetic: false,
      createdAt: new Date().toISOString(),
    });
    const password = await server.app.auth.setPassword(legacy.id);
    expect((await signIn('imported-AbC@users.concord.invalid', password)).status).toBe(200);
  });
});
