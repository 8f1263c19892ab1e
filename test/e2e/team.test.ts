/**
 * The team pages in a real browser against a real server: an owner creates a project and invites
 * a colleague by link, the colleague signs in, joins and codes; the owner changes a role and
 * removes a member; API tokens authenticate real requests until revoked; signing out everywhere
 * ends another browser's session; the pages pass axe and fit 800 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  codeFirstWord,
  launchBrowser,
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  type E2eBrowser,
} from './browser.ts';

const PASSWORD = 'test-password-123';

describe.skipIf(skipWithoutChromium('e2e team'))('team pages (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ config: { liveDebounceMs: 50 } }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.destroy();
  });

  /** The text the members page announces after an action. */
  const announced = (page: Page) => textOf(page.getByTestId('members-message'));

  it(
    'an owner creates a project, invites a colleague by link, the colleague signs in and codes; the owner changes their role and removes them',
    { timeout: 180_000 },
    async () => {
      const owner = await server.user('Ana Owner');
      const colleague = await server.user('Ben Colleague');

      // The owner starts a project from the project list, adds a transcript and a code.
      const ownerContext = await browser.newContext();
      await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.http });
      const ownerPage = await ownerContext.newPage();
      const ownerErrors = pageErrors(ownerPage);
      await signIn(ownerPage, server.http, owner.user.email, PASSWORD);
      await ownerPage.getByLabel('New project name').fill('Nurses study');
      await ownerPage.getByRole('button', { name: 'Create project' }).click();
      await ownerPage.getByRole('heading', { name: 'Nurses study' }).waitFor();
      const projectId = new URL(ownerPage.url()).pathname.split('/')[2]!;
      await ownerPage.getByRole('button', { name: 'Import transcripts…' }).click();
      const importDialog = ownerPage.getByRole('dialog');
      await importDialog.getByRole('tab', { name: 'Paste a transcript' }).click();
      await importDialog.getByLabel('Title').fill('Interview 1');
      await importDialog.getByLabel('Transcript text').fill('Night shifts are long.\nWe talk a lot.');
      await importDialog.getByRole('button', { name: 'Add transcript' }).click();
      await expect.poll(() => textOf(importDialog.getByTestId('paste-status'))).toBe('Added “Interview 1”.');
      await ownerPage.keyboard.press('Escape');
      await ownerPage.getByRole('link', { name: 'Interview 1' }).waitFor();
      await ownerPage.getByRole('link', { name: 'Codebook' }).click();
      await ownerPage.getByRole('button', { name: '+ Code' }).click();
      await expect
        .poll(
          async () => (await server.api<unknown[]>('GET', `/api/projects/${projectId}/codebook`)).body.length,
        )
        .toBe(1);

      // Members page, reached from the project page; an invitation link shown once, copied.
      await ownerPage.goto(`${server.http}/projects/${projectId}`);
      await ownerPage.getByRole('link', { name: 'Manage members' }).click();
      await ownerPage.getByRole('heading', { name: 'Members of Nurses study' }).waitFor();
      const invite = ownerPage.getByRole('region', { name: 'Invite by link' });
      await invite.getByLabel('Role').selectOption('coder');
      await invite.getByLabel('Days until the link expires').fill('3');
      await invite.getByRole('button', { name: 'Create invitation link' }).click();
      const shown = ownerPage.getByTestId('invitation-link');
      await shown.getByRole('button', { name: 'Copy the invitation link' }).click();
      await shown.getByText('Copied to the clipboard.').waitFor();
      const link = String(await ownerPage.evaluate('navigator.clipboard.readText()'));
      expect(link).toMatch(new RegExp(`^${server.http}/invitations/[A-Za-z0-9_-]{20,}$`));
      expect(await textOf(shown.getByTestId('secret-value'))).toBe(link);
      const pending = ownerPage.getByTestId('pending-invitations');
      await pending.getByRole('cell', { name: 'coder', exact: true }).waitFor();
      expect(await textOf(pending)).toContain('Ana Owner');

      // The colleague opens the link signed out: sign-in first, then back to the invitation.
      const colleagueContext = await browser.newContext();
      const colleaguePage = await colleagueContext.newPage();
      const colleagueErrors = pageErrors(colleaguePage);
      await signIn(colleaguePage, server.http, colleague.user.email, PASSWORD, new URL(link).pathname);
      const offer = colleaguePage.getByTestId('invitation-offer');
      await offer.waitFor();
      expect(await textOf(offer)).toBe('Ana Owner invites you to join Nurses study as a coder.');
      await colleaguePage.getByRole('button', { name: 'Join project' }).click();
      await colleaguePage.getByRole('heading', { name: 'Nurses study', exact: true }).waitFor();
      expect(new URL(colleaguePage.url()).pathname).toBe(`/projects/${projectId}`);
      // A coder is not offered the members page.
      expect(await colleaguePage.getByRole('link', { name: 'Manage members' }).count()).toBe(0);
      await colleaguePage.getByRole('link', { name: 'Interview 1' }).click();
      await colleaguePage.getByTestId('code-palette').getByText('New code').waitFor();
      await codeFirstWord(colleaguePage, 1, '1');
      const documentId = (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`))
        .body[0]!.id;
      const layerRoom = `layer:${documentId}:${colleague.user.id}`;
      await expect
        .poll(async () => (await server.app.storage.loadRoom(layerRoom)).updates.length)
        .toBeGreaterThan(0);

      // The link is used: the owner's pending list empties.
      await ownerPage.reload();
      await ownerPage.getByText('No invitation link is waiting to be used.').waitFor();

      // The owner makes the colleague a reviewer.
      const members = ownerPage.getByTestId('member-table');
      await members.getByLabel('Role of Ben Colleague').selectOption('reviewer');
      await expect.poll(() => announced(ownerPage)).toBe('Ben Colleague is now a reviewer.');
      const roleOf = async () =>
        (
          await server.api<{ userId: string; role: string }[]>('GET', `/api/projects/${projectId}/members`)
        ).body.find((m) => m.userId === colleague.user.id)?.role;
      expect(await roleOf()).toBe('reviewer');

      // …then removes them, after a confirmation that says what happens.
      await members.getByRole('button', { name: 'Remove Ben Colleague' }).click();
      const dialog = ownerPage.getByRole('alertdialog', { name: 'Remove Ben Colleague from Nurses study?' });
      const consequences = await textOf(dialog);
      expect(consequences).toContain('Their open connections to this project close at once');
      expect(consequences).toContain('Their coding layer stays in the project');
      expect(consequences).toContain('agreement history');
      expect(consequences).toContain('exports');
      expect(consequences).toContain('You can invite them again');
      // Until now the colleague's page ran cleanly.
      expect(colleagueErrors).toEqual([]);
      const errorsBeforeRemoval = colleagueErrors.length;
      await dialog.getByRole('button', { name: 'Remove Ben Colleague' }).click();
      await expect.poll(() => announced(ownerPage)).toBe('Ben Colleague was removed from the project.');
      expect(await roleOf()).toBeUndefined();
      // The list is read again after the announcement: wait for it to drop them.
      await expect.poll(() => members.getByText('Ben Colleague').count()).toBe(0);
      // Their layer stays.
      expect((await server.app.storage.loadRoom(layerRoom)).updates.length).toBeGreaterThan(0);
      // Their page loses the project: the next read is refused.
      await colleaguePage.goto(`${server.http}/projects/${projectId}`);
      await colleaguePage.getByRole('alert').waitFor();

      // The audit log reads as sentences and filters by kind, person and words.
      const log = ownerPage.locator('cc-audit-log');
      await log.getByLabel('What').selectOption('members');
      await log.getByLabel('Who').selectOption({ label: 'Ana Owner' });
      await log.getByLabel('Containing').fill('reviewer');
      await expect
        .poll(() => textOf(log.getByTestId('audit-log').locator('tbody')))
        .toContain("Ana Owner changed Ben Colleague's role from coder to reviewer");
      expect(await log.getByTestId('audit-log').locator('tbody tr').count()).toBe(1);
      await log.getByLabel('Containing').fill('');
      await log.getByLabel('What').selectOption('invitations');
      await log.getByLabel('Who').selectOption('');
      await expect
        .poll(() => textOf(log.getByTestId('audit-log').locator('tbody')))
        .toContain('Ben Colleague joined through an invitation link as a coder');

      expect(ownerErrors).toEqual([]);
      // After the removal their page's reads and reconnects are refused (404), and nothing else fails.
      expect(colleagueErrors.slice(errorsBeforeRemoval).filter((e) => !/\b404\b/.test(e))).toEqual([]);
      await Promise.all([ownerContext.close(), colleagueContext.close()]);
    },
  );

  it(
    'adds an existing user by email, with the error at the field for an unknown address',
    { timeout: 90_000 },
    async () => {
      const owner = await server.user('Olga Owner');
      const known = await server.user('Kim Known');
      const project = (
        await server.api<Project>('POST', '/api/projects', { name: 'Email study' }, owner.token)
      ).body;
      // Olga and Kim worked together before: owners add people they already work with by email.
      const earlier = (await server.api<Project>('POST', '/api/projects', { name: 'Earlier study' })).body;
      for (const userId of [owner.user.id, known.user.id]) {
        await server.api('POST', `/api/projects/${earlier.id}/members`, { userId, role: 'coder' });
      }
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, server.http, owner.user.email, PASSWORD, `/projects/${project.id}/members`);
      const add = page.getByRole('region', { name: 'Add someone who has an account' });
      await add.getByLabel('Their email address').fill('nobody@test.local');
      await add.getByRole('button', { name: 'Add to project' }).click();
      const email = add.getByLabel('Their email address');
      await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
      expect(await textOf(add.locator('#error-add-email'))).toBe(
        'Nobody you work with has an account with the email nobody@test.local: send them an invitation link instead.',
      );
      await email.fill(known.user.email.toUpperCase());
      await add.getByLabel('Role').selectOption('viewer');
      await add.getByRole('button', { name: 'Add to project' }).click();
      await page.getByTestId('member-table').getByLabel('Role of Kim Known').waitFor();
      expect(await page.getByTestId('member-table').getByLabel('Role of Kim Known').inputValue()).toBe(
        'viewer',
      );
      // Not an administrator: no account creation, no password resets.
      expect(await page.getByRole('region', { name: 'Create an account' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Reset password/ }).count()).toBe(0);

      // A member who is not an owner is told plainly.
      const viewerContext = await browser.newContext();
      const viewerPage = await viewerContext.newPage();
      await signIn(viewerPage, server.http, known.user.email, PASSWORD, `/projects/${project.id}/members`);
      expect(await textOf(viewerPage.getByTestId('members-refused'))).toContain(
        'Only owners manage members.',
      );
      await Promise.all([context.close(), viewerContext.close()]);
    },
  );

  it(
    'an administrator creates an account into the project; its first password is shown once and signs in',
    { timeout: 90_000 },
    async () => {
      const taken = await server.user('Taken Address');
      const project = (await server.api<Project>('POST', '/api/projects', { name: 'Admin study' })).body;
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, server.http, server.admin.email, PASSWORD, `/projects/${project.id}/members`);
      const form = page.getByRole('region', { name: 'Create an account' });
      // Errors at the fields: a missing name, a short password, then an address already in use.
      await form.getByLabel('Email address').fill('dana@test.local');
      await form.getByLabel('First password (leave empty to generate one)').fill('short');
      await form.getByRole('button', { name: 'Create account and add' }).click();
      await expect.poll(() => form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
      expect(await textOf(form.locator('#error-account-password'))).toBe(
        'Passwords have at least 10 characters.',
      );
      // A field's accessible name is its label alone; the error is its description (read once).
      for (const [label, error] of [
        ['Name', 'error-account-name'],
        ['First password (leave empty to generate one)', 'error-account-password'],
      ] as const) {
        const field = form.getByRole('textbox', { name: label, exact: true });
        expect(await field.count(), label).toBe(1);
        expect(await field.getAttribute('aria-describedby')).toBe(error);
      }
      expect(await form.getByRole('combobox', { name: 'Role', exact: true }).count()).toBe(1);
      await form.getByLabel('Name').fill('Dana New');
      await form.getByLabel('First password (leave empty to generate one)').fill('');
      await form.getByLabel('Email address').fill(taken.user.email);
      await form.getByRole('button', { name: 'Create account and add' }).click();
      await expect
        .poll(() => textOf(form.locator('#error-account-email')))
        .toContain('Add them by email above instead.');

      await form.getByLabel('Email address').fill('dana@test.local');
      await form.getByLabel('Role').selectOption('reviewer');
      await form.getByRole('button', { name: 'Create account and add' }).click();
      const created = page.getByTestId('account-created');
      const password = await textOf(created.getByTestId('secret-value'));
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await textOf(created)).toContain('Dana New (dana@test.local) can now sign in as a reviewer');
      expect(await page.getByTestId('member-table').getByLabel('Role of Dana New').inputValue()).toBe(
        'reviewer',
      );

      // An account can also be made without joining this project.
      await created.getByRole('button', { name: 'Done' }).click();
      await form.getByLabel('Name').fill('Eli Elsewhere');
      await form.getByLabel('Email address').fill('eli@test.local');
      await form.getByRole('checkbox', { name: 'Add to this project' }).uncheck();
      await expect.poll(() => form.getByLabel('Role', { exact: true }).count()).toBe(0);
      await form.getByRole('button', { name: 'Create account', exact: true }).click();
      await expect
        .poll(() => textOf(page.getByTestId('account-created')))
        .toContain('not yet in this project');
      const team = (
        await server.api<{ user: { email: string } }[]>('GET', `/api/projects/${project.id}/members`)
      ).body;
      expect(JSON.stringify(team)).toContain('dana@test.local');
      expect(JSON.stringify(team)).not.toContain('eli@test.local');

      const dana = await browser.newContext();
      const danaPage = await dana.newPage();
      await signIn(danaPage, server.http, 'dana@test.local', password, `/projects/${project.id}`);
      await danaPage.getByRole('heading', { name: 'Admin study', exact: true }).waitFor();
      expect(await textOf(danaPage.getByTestId('signed-in-user'))).toBe('Dana New');
      await Promise.all([context.close(), dana.close()]);
    },
  );

  it('an API token authenticates real requests until it is revoked', { timeout: 90_000 }, async () => {
    const user = await server.user('Tess Tokens');
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.http });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await signIn(page, server.http, user.user.email, PASSWORD);
    await page.getByTestId('signed-in-user').click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    // An empty name is refused at the field.
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByLabel('Token name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Token name').fill('analysis laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const created = page.getByTestId('token-created');
    const secret = await textOf(created.getByTestId('secret-value'));
    expect(secret).toMatch(/^cc_/);
    expect(await textOf(created.getByTestId('token-export'))).toBe(`export CONCORD_TOKEN=${secret}`);
    await created.getByRole('button', { name: 'Copy the token' }).click();
    await created.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    const row = page.getByTestId('token-list').getByRole('row', { name: /analysis laptop/ });
    expect(await textOf(row)).toContain('never');

    const me = () => fetch(`${server.http}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    const answer = await me();
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { user: { name: string } }).user.name).toBe('Tess Tokens');

    await row.getByRole('button', { name: 'Revoke analysis laptop' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke “analysis laptop”?' });
    await confirm.getByRole('button', { name: 'Revoke “analysis laptop”' }).click();
    await expect.poll(() => textOf(page.getByTestId('account-message'))).toContain('was revoked');
    expect((await me()).status).toBe(401);
    await expect.poll(() => row.count()).toBe(0);
    // The other token (the one these tests use) stays.
    await page.getByTestId('token-list').getByRole('cell', { name: 'tests', exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it(
    'changes the password with errors at the field, and signing out everywhere ends other browsers too',
    { timeout: 120_000 },
    async () => {
      const user = await server.user('Sam Everywhere');
      const [first, second] = await Promise.all([browser.newContext(), browser.newContext()]);
      const [a, b] = await Promise.all([first.newPage(), second.newPage()]);
      await signIn(a, server.http, user.user.email, PASSWORD, '/account');
      await signIn(b, server.http, user.user.email, PASSWORD);

      await a.getByLabel('Current password').fill('not my password');
      await a.getByLabel('New password (at least 10 characters)').fill('a-new-password-456');
      await a.getByRole('button', { name: 'Change password' }).click();
      await expect.poll(() => a.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
      expect(await textOf(a.locator('#error-current'))).toBe('This is not your current password.');
      await a.getByLabel('Current password').fill(PASSWORD);
      await a.getByLabel('New password (at least 10 characters)').fill('short');
      await a.getByRole('button', { name: 'Change password' }).click();
      expect(await textOf(a.locator('#error-new'))).toBe('Choose a new password of at least 10 characters.');
      await a.getByLabel('New password (at least 10 characters)').fill('a-new-password-456');
      await a.getByRole('button', { name: 'Change password' }).click();
      await expect.poll(() => textOf(a.getByTestId('account-message'))).toContain('Your password is changed');
      // The other browser's session ended with the change; it signs in with the new password.
      await b.reload();
      await b.getByLabel('Password').waitFor();
      await signIn(b, server.http, user.user.email, 'a-new-password-456');

      await a.getByRole('button', { name: 'Sign out everywhere…' }).click();
      const confirm = a.getByRole('alertdialog', { name: 'Sign out everywhere?' });
      expect(await textOf(confirm)).toContain('this one included');
      await confirm.getByRole('button', { name: 'Sign out everywhere' }).click();
      await a.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await textOf(a.getByTestId('signout-outcome'))).toContain('signed out everywhere');
      await b.reload();
      await b.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await b.getByTestId('signed-in-user').count()).toBe(0);
      await Promise.all([first.close(), second.close()]);
    },
  );

  it('the members, invitation and account pages pass axe and fit 800 px', { timeout: 150_000 }, async () => {
    const owner = await server.user('Axel Owner');
    const guest = await server.user('Gil Guest');
    const project = (
      await server.api<Project>(
        'POST',
        '/api/projects',
        { name: 'A fairly long project name for layout' },
        owner.token,
      )
    ).body;
    // An administrator adds the guest (owners reach only people they already work with).
    await server.api('POST', `/api/projects/${project.id}/members`, {
      email: guest.user.email,
      role: 'coder',
    });
    // Some history for the log, and a pending link for the list.
    await server.api(
      'PATCH',
      `/api/projects/${project.id}/members/${guest.user.id}`,
      { role: 'reviewer' },
      owner.token,
    );
    const invite = (
      await server.api<{ path: string }>(
        'POST',
        `/api/projects/${project.id}/invitations`,
        { role: 'viewer' },
        owner.token,
      )
    ).body;
    await server.api(
      'POST',
      '/api/me/tokens',
      { name: 'a token with a rather long descriptive name' },
      owner.token,
    );
    const stranger = await server.user('Sol Stranger');

    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 800, height: 900 },
    ]) {
      const ownerContext = await browser.browser.newContext({ viewport });
      const page = await ownerContext.newPage();
      await signIn(page, server.http, owner.user.email, PASSWORD, `/projects/${project.id}/members`);
      await page.getByTestId('pending-invitations').waitFor();
      await page.locator('cc-audit-log').getByTestId('audit-log').waitFor();
      // With the invitation link and a removal confirmation open, the fullest the page gets.
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      await page.getByTestId('invitation-link').waitFor();
      await page.getByTestId('member-table').getByRole('button', { name: 'Remove Gil Guest' }).click();
      await page.getByTestId('confirm-remove').waitFor();
      await checkPage(page, 'cc-members-page', `members ${viewport.width}`);

      await page.getByTestId('signed-in-user').click();
      await page.getByRole('button', { name: 'Create token' }).waitFor();
      await page.getByLabel('Token name').fill('laptop');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByTestId('token-created').waitFor();
      await checkPage(page, 'cc-account-page', `account ${viewport.width}`);

      const strangerContext = await browser.browser.newContext({ viewport });
      const strangerPage = await strangerContext.newPage();
      await signIn(strangerPage, server.http, stranger.user.email, PASSWORD, invite.path);
      await strangerPage.getByTestId('invitation-offer').waitFor();
      await checkPage(strangerPage, 'cc-invitation-page', `invitation ${viewport.width}`);
      await Promise.all([ownerContext.close(), strangerContext.close()]);
    }
  });
});

/** No serious or critical axe violations, and nothing wider than the page's container. */
async function checkPage(page: Page, host: string, label: string): Promise<void> {
  expect(await seriousViolations(page), label).toEqual([]);
  const widths = await page.evaluate((tag) => {
    const app = document.querySelector('cc-app')!;
    const main = app.shadowRoot!.querySelector('main')!;
    const pageHost = app.shadowRoot!.querySelector<HTMLElement>(tag)!;
    return {
      main: [main.scrollWidth, main.clientWidth],
      page: [pageHost.scrollWidth, pageHost.clientWidth],
      document: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    };
  }, host);
  for (const [what, [scroll, client]] of Object.entries(widths)) {
    expect(scroll, `${label}: ${what} scrolls sideways`).toBeLessThanOrEqual(client!);
  }
}
