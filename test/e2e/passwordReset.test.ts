/** An administrator resets a member's password from the members page, in a real browser. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  type DemoMember,
  type E2eBrowser,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e password reset'))('password reset (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it(
    "shows the new password once; the member signs in with it and the old one's session ends",
    { timeout: 120_000 },
    async () => {
      const coder = members.find((m) => m.role === 'coder')!;
      const coderContext = await browser.newContext();
      const coderPage = await coderContext.newPage();
      await signIn(coderPage, server.http, coder.email, coder.password);

      const context = await browser.newContext();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.http });
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(page, server.http, server.admin.email, 'test-password-123', `/projects/${project.id}`);
      await page.getByRole('link', { name: 'Manage members' }).click();
      await page.getByRole('button', { name: `Reset password of ${coder.name}` }).click();
      const notice = page.getByTestId('password-reset');
      await notice.waitFor();
      const password = await textOf(notice.getByTestId('secret-value'));
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await textOf(notice)).toContain(coder.email);
      await notice.getByRole('button', { name: 'Copy the new password' }).click();
      await notice.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(password);
      await notice.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => notice.count()).toBe(0);
      // The 401 of the page asking who is signed in before sign-in is expected.
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);

      // The coder's old session is over: the next request returns them to the sign-in page.
      await coderPage.reload();
      await coderPage.getByLabel('Password').waitFor();
      const fresh = await browser.newContext();
      const freshPage = await fresh.newPage();
      await signIn(freshPage, server.http, coder.email, password);
      expect(await textOf(freshPage.getByTestId('signed-in-user'))).toBe(coder.name);
      await Promise.all([context.close(), coderContext.close(), fresh.close()]);
    },
  );

  it('offers no reset to members who are not administrators', { timeout: 90_000 }, async () => {
    const reviewer = members.find((m) => m.role === 'reviewer')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.http, reviewer.email, reviewer.password, `/projects/${project.id}`);
    await page.getByTestId('members').getByText(reviewer.name).waitFor();
    expect(await page.getByRole('link', { name: 'Manage members' }).count()).toBe(0);
    await page.goto(`${server.http}/projects/${project.id}/members`);
    await page.getByTestId('members-refused').waitFor();
    expect(await page.getByRole('button', { name: /Reset password/ }).count()).toBe(0);
    await context.close();
  });
});
