/** Signing in and finding one's way to a project, in a real browser. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  unauthorizedAt,
  useDemoInBrowser,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e sign-in'))('sign-in and projects (browser)', () => {
  const demo = useDemoInBrowser({});

  it(
    'refuses a wrong password, then signs in and opens the project from the list',
    { timeout: 90_000 },
    async () => {
      const coder = demo.members.find((m) => m.role === 'coder')!;
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      await page.goto(`${demo.server.http}/projects/${demo.project.id}`);
      // A deep link while signed out leads to the sign-in page and back again afterwards.
      await page.getByLabel('Email').fill(coder.email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => textOf(page.getByRole('alert'))).toMatch(/password/i);

      await page.getByLabel('Password').fill(coder.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('signed-in-user').waitFor();
      expect(await textOf(page.getByTestId('signed-in-user'))).toBe(coder.name);
      await page.getByRole('heading', { name: demo.project.name }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/projects/${demo.project.id}`);
      // Every demo document is listed, with the coder's own progress.
      const docs = (await demo.server.api<unknown[]>('GET', `/api/projects/${demo.project.id}/documents`))
        .body;
      await expect.poll(() => page.getByTestId('documents').locator('tbody tr').count()).toBe(docs.length);
      await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('No round open');

      await page.getByRole('link', { name: 'Concord' }).click();
      await page.getByTestId('project-list').getByRole('link', { name: demo.project.name }).waitFor();
      // The one failed request is the wrong password's.
      expect(errors).toEqual([unauthorizedAt(`${demo.server.http}/api/auth/login`)]);
      await context.close();
    },
  );

  it(
    'says an invitation link asks to sign in to accept it, without naming the project or the first-start passwords',
    { timeout: 60_000 },
    async () => {
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      // The link need not be valid: a signed-out visitor learns nothing from it either way.
      const link = '/invitations/abcdefghijklmnopqrstuvwx';
      for (const path of [link, `/login?next=${encodeURIComponent(link)}`]) {
        await page.goto(`${demo.server.http}${path}`);
        await page.getByRole('heading', { name: 'Sign in to accept your invitation' }).waitFor();
        expect(await textOf(page.getByTestId('invitation-hint'))).toMatch(/^You were invited to a project/);
        expect(await page.getByTestId('first-start-hint').count(), path).toBe(0);
        expect(await textOf(page.locator('cc-login')), path).not.toContain(demo.project.name);
      }
      // A plain sign-in still tells whoever runs the server where the first passwords are.
      await page.goto(`${demo.server.http}/login`);
      await page.getByRole('heading', { name: 'Sign in to Concord' }).waitFor();
      expect(await page.getByTestId('first-start-hint').count()).toBe(1);
      expect(await page.getByTestId('invitation-hint').count()).toBe(0);
      await context.close();
    },
  );

  it(
    'signs out, forgets the session and deletes the rooms kept in the browser',
    { timeout: 90_000 },
    async () => {
      const { user, password } = await demo.server.user('Lone Coder');
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      await signIn(page, demo.server.http, user.email, password);
      await page.getByText('No projects yet').waitFor();

      // Once a member, opening a document keeps its rooms in IndexedDB.
      const own = (await demo.server.api<Project>('POST', '/api/projects', { name: 'Solo' })).body;
      await demo.server.api('POST', `/api/projects/${own.id}/members`, { userId: user.id, role: 'coder' });
      const doc = (
        await demo.server.api<{ id: string }>('POST', `/api/projects/${own.id}/documents`, {
          title: 'Notes',
          text: 'Field notes.',
        })
      ).body;
      await page.goto(`${demo.server.http}/projects/${own.id}/documents/${doc.id}`);
      await page.locator('cc-transcript .cm-content').getByText('Field notes.').waitFor();
      const kept = () =>
        page.evaluate('indexedDB.databases().then((dbs) => dbs.map((d) => d.name))') as Promise<string[]>;
      await expect
        .poll(async () => (await kept()).filter((n) => n.startsWith('concord:')).length)
        .toBeGreaterThan(0);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Email').waitFor();
      await expect.poll(async () => (await kept()).filter((n) => n.startsWith('concord:'))).toEqual([]);
      await page.goto(`${demo.server.http}/`);
      await page.getByLabel('Email').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      await context.close();
    },
  );
});
