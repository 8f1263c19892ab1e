/** An administrator resets a member's password from the members page, in a real browser. */
import { describe, expect, it } from 'vitest';
import { pageErrors, signIn, skipWithoutChromium, textOf, useDemoInBrowser } from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e password reset'))('password reset (browser)', () => {
  const demo = useDemoInBrowser({});

  it(
    "shows the new password once; the member signs in with it and the old one's session ends",
    { timeout: 120_000 },
    async () => {
      const coder = demo.members.find((m) => m.role === 'coder')!;
      const coderContext = await demo.browser.newContext();
      const coderPage = await coderContext.newPage();
      await signIn(coderPage, demo.server.http, coder.email, coder.password);

      const context = await demo.browser.newContext();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.http });
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(
        page,
        demo.server.http,
        demo.server.admin.email,
        'test-password-123',
        `/projects/${demo.project.id}`,
      );
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
      const fresh = await demo.browser.newContext();
      const freshPage = await fresh.newPage();
      await signIn(freshPage, demo.server.http, coder.email, password);
      expect(await textOf(freshPage.getByTestId('signed-in-user'))).toBe(coder.name);
      await Promise.all([context.close(), coderContext.close(), fresh.close()]);
    },
  );

  it('offers no reset to members who are not administrators', { timeout: 90_000 }, async () => {
    const reviewer = demo.members.find((m) => m.role === 'reviewer')!;
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await signIn(page, demo.server.http, reviewer.email, reviewer.password, `/projects/${demo.project.id}`);
    await page.getByTestId('members').getByText(reviewer.name).waitFor();
    expect(await page.getByRole('link', { name: 'Manage members' }).count()).toBe(0);
    await page.goto(`${demo.server.http}/projects/${demo.project.id}/members`);
    await page.getByTestId('members-refused').waitFor();
    expect(await page.getByRole('button', { name: /Reset password/ }).count()).toBe(0);
    await context.close();
  });
});
