/**
 * Finding your way: the Help page and its links, empty states that say what to do next (and who
 * does it), form errors said at the field, the dashboard in researchers' words with α_u per code.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { signIn, skipWithoutChromium, textOf, useDemoInBrowser } from './browser.ts';

/** The row of the Help page's roles table for one ability: the four answers, owner to viewer. */
async function rolesRow(page: Page, ability: string): Promise<string[]> {
  const row = page.getByTestId('help-roles').getByRole('row').filter({ hasText: ability });
  return Promise.all((await row.locator('td').all()).map((c) => textOf(c)));
}

describe.skipIf(skipWithoutChromium('e2e guide'))('finding your way (browser)', () => {
  const demo = useDemoInBrowser({});

  it(
    'opens Help from the sign-in page and the top bar, at the section a link names',
    { timeout: 120_000 },
    async () => {
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${demo.server.http}/login`);
      await page.getByRole('link', { name: 'New to Concord? Read the help' }).click();
      await page.getByRole('heading', { name: 'Help', exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/help');
      // The roles table says what the access rules enforce.
      expect(await rolesRow(page, 'Start and end blind rounds')).toEqual(['Yes', 'Yes', 'No', 'No']);
      expect(await rolesRow(page, 'Invite members and change their roles')).toEqual([
        'Yes',
        'No',
        'No',
        'No',
      ]);
      expect(await rolesRow(page, '…and while a round is blind')).toEqual(['Yes', 'Yes', 'No', 'No']);
      await expect
        .poll(() => textOf(page.getByRole('region', { name: 'Keyboard shortcuts' })))
        .toContain('Ctrl+Z');

      // Every page of the app has its section, listed among the topics and reached from them.
      const topics = page.getByRole('navigation', { name: 'Help topics' });
      for (const title of [
        'Projects',
        'Project page: documents, import and export',
        'Coding view',
        'Codebook',
        'Agreement',
        'Review disagreements',
        'Rounds',
        'Members and invitations',
        'Your account and tokens',
      ]) {
        const section = page.getByRole('region', { name: title, exact: true });
        expect(await section.count(), title).toBe(1);
        expect((await textOf(section)).length, title).toBeGreaterThan(title.length + 80);
        await topics.getByRole('link', { name: title, exact: true }).click();
        await expect.poll(() => section.evaluate((s) => s.matches(':focus')), { message: title }).toBe(true);
      }
      expect(await textOf(page.getByRole('region', { name: 'Rounds', exact: true }))).toMatch(
        /target[\s\S]*trajectory[\s\S]*methods/,
      );

      const supervisor = demo.members.find((m) => m.role === 'reviewer')!;
      await signIn(page, demo.server.http, supervisor.email, supervisor.password);
      await page.getByTestId('signed-in-user').waitFor();
      await page.locator('cc-app header').getByRole('link', { name: 'Help' }).click();
      await page.getByRole('heading', { name: 'Blind rounds' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/help');
      expect(await textOf(page.getByRole('region', { name: 'Blind rounds' }))).toContain(
        'other coders’ codings and the consensus',
      );
      // One notion of a round: started and closed on the Rounds page, shown on the project page.
      expect(await textOf(page.getByRole('region', { name: 'Blind rounds' }))).toMatch(
        /A round is started and closed on the project’s Rounds page .*The project page shows the open round/,
      );

      // A link to a section opens Help there.
      await page.goto(`${demo.server.http}/help#done`);
      const done = page.getByRole('region', { name: 'What “Done” means' });
      await done.waitFor();
      await expect.poll(() => done.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(120);
      await context.close();
    },
  );

  it(
    'says what to do next on an empty project, to its owner and to a coder',
    { timeout: 180_000 },
    async () => {
      const owner = await demo.server.user('New owner');
      const coder = await demo.server.user('New coder');
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      await signIn(page, demo.server.http, owner.user.email, owner.password);
      await page.getByTestId('empty-projects').waitFor();
      expect(await textOf(page.getByTestId('empty-projects'))).toContain('start a project below');

      // The new project's name is asked for at the field, in words.
      await page.getByRole('button', { name: 'Create project' }).click();
      await expect
        .poll(() => textOf(page.getByTestId('name-error')))
        .toBe('Give the project a name (up to 200 characters).');
      expect(await page.getByLabel('New project name').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('New project name').fill('Pilot study');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.getByRole('heading', { name: 'Pilot study' }).waitFor();
      const projectId = new URL(page.url()).pathname.split('/')[2]!;
      expect(await textOf(page.getByTestId('empty-documents'))).toContain('Add the first ones');

      // The transcript form names each missing field, and nothing is sent.
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('tab', { name: 'Paste a transcript' }).click();
      await dialog.getByRole('button', { name: 'Add transcript' }).click();
      await expect
        .poll(() => textOf(dialog.locator('#paste-title-error')))
        .toBe('Give the transcript a title (up to 500 characters).');
      expect(await textOf(dialog.locator('#paste-text-error'))).toBe(
        'Paste the transcript’s text (up to 5,000,000 characters).',
      );
      expect(await dialog.getByLabel('Title').evaluate((el) => el.matches(':focus'))).toBe(true);
      expect(await page.getByText(/invalid document/i).count()).toBe(0);
      // The empty page with its errors showing passes the accessibility checks too.
      expect(await seriousViolations(page)).toEqual([]);
      const listed = await demo.server.api<unknown[]>('GET', `/api/projects/${projectId}/documents`);
      expect(listed.body).toEqual([]);

      await page.goto(`${demo.server.http}/projects/${projectId}/codebook`);
      await page.getByTestId('empty-codebook').waitFor();
      expect(await textOf(page.getByTestId('empty-codebook'))).toContain('Start with “+ Theme”');
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${demo.server.http}/projects/${projectId}/agreement`);
      await page.getByTestId('empty-agreement').waitFor();
      expect(await textOf(page.getByTestId('empty-agreement'))).toContain('no transcripts yet');
      await page.goto(`${demo.server.http}/projects/${projectId}/review`);
      await page.getByTestId('empty-review').waitFor();
      expect(await textOf(page.getByTestId('empty-review'))).toContain('marked it Done');
      await context.close();

      // A coder is told who adds transcripts and codes, not asked to import them.
      await demo.server.api('POST', `/api/projects/${projectId}/members`, {
        userId: coder.user.id,
        role: 'coder',
      });
      const coderContext = await demo.browser.newContext();
      const coderPage = await coderContext.newPage();
      await signIn(coderPage, demo.server.http, coder.user.email, coder.password, `/projects/${projectId}`);
      const empty = coderPage.getByTestId('empty-documents');
      await empty.waitFor();
      expect(await textOf(empty)).toContain('owner or a reviewer adds them');
      expect(await textOf(empty)).not.toContain('Add the first one');
      await coderPage.goto(`${demo.server.http}/projects/${projectId}/codebook`);
      await coderPage.getByTestId('empty-codebook').waitFor();
      expect(await textOf(coderPage.getByTestId('empty-codebook'))).toContain('builds the codebook');
      await coderContext.close();

      const ownerContext = await demo.browser.newContext();
      const ownerPage = await ownerContext.newPage();
      await signIn(
        ownerPage,
        demo.server.http,
        owner.user.email,
        owner.password,
        `/projects/${projectId}/codebook`,
      );
      await ownerPage.getByTestId('empty-codebook').waitFor();
      // A code's name is asked for at the field when cleared; the codebook keeps the old one.
      await ownerPage.getByRole('button', { name: '+ Theme' }).click();
      await ownerPage.getByTestId('code-name').fill('');
      await expect
        .poll(() => textOf(ownerPage.getByTestId('code-name-error')))
        .toBe('Give the code a name (up to 200 characters).');
      expect(await ownerPage.getByTestId('code-name').getAttribute('aria-describedby')).toBe('name-error');
      await ownerPage.getByTestId('code-name').fill('Barriers');
      await ownerPage.getByTestId('code-name-error').waitFor({ state: 'detached' });
      await ownerContext.close();
    },
  );

  it('says sign-in errors at the field', { timeout: 60_000 }, async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.server.http}/login`);
    await page.getByLabel('Password').fill('something');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => textOf(page.getByTestId('email-error')))
      .toBe('Enter the email address you were invited with.');
    expect(await page.getByLabel('Email').getAttribute('aria-describedby')).toBe('email-error');
    expect(await page.getByTestId('password-error').count()).toBe(0);
    await context.close();
  });

  it(
    'shows α_u per code when the unit is unitizing, and notes without field names',
    { timeout: 120_000 },
    async () => {
      const supervisor = demo.members.find((m) => m.role === 'reviewer')!;
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      await signIn(
        page,
        demo.server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${demo.project.id}/agreement`,
      );
      await page.getByTestId('agreement-table').waitFor();
      const notes = await textOf(page.getByTestId('agreement-notes'));
      expect(notes).toContain('Percent agreement is');
      // No report field names (camelCase, dotted) and no "(s)" plurals.
      expect(notes).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\(s\)/);

      await page.getByTestId('unit').selectOption('unitizing');
      await page.getByTestId('overall-alphau').waitFor();
      await expect.poll(() => textOf(page.getByTestId('unit-description'))).toMatch(/^Unitizing/);
      const values = await Promise.all((await page.getByTestId('alpha-u').all()).map((cell) => textOf(cell)));
      expect(values.length).toBeGreaterThan(5);
      // The demo's coders mark passages of most codes: their α_u is a number, not n/a.
      expect(values.filter((v) => /^-?\d\.\d{3}$/.test(v)).length).toBeGreaterThan(values.length / 2);
      await context.close();
    },
  );
});
