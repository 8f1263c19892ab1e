/**
 * One notion of a blind round: the project page's "Start a blind round…" leads to the Rounds
 * page's start form with Blind ticked, which asks first and says what coders will stop seeing;
 * the project page then shows the open round and switches its blindness; closing it ends it.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

interface RoundJson {
  id: string;
  name: string;
  blind: boolean;
  status: string;
}

describe.skipIf(skipWithoutChromium('e2e blind round'))('starting a blind round (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  const blind = async () => (await server.api<Project>('GET', `/api/projects/${project.id}`)).body.blind;
  const rounds = async () =>
    (await server.api<{ rounds: RoundJson[] }>('GET', `/api/projects/${project.id}/rounds`)).body.rounds;

  it(
    'goes through the Rounds page, asks for confirmation, and is shown and switched on the project page',
    { timeout: 180_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const coder = members.find((m) => m.name === 'Study authors')!;
      const context = await browser.browser.newContext({ viewport: { width: 800, height: 900 } });
      const page = await context.newPage();
      await signIn(page, server.http, supervisor.email, supervisor.password, `/projects/${project.id}`);
      /** Whether the window or the page inside the app shell scrolls sideways. */
      const scrollsSideways = () =>
        page.evaluate(() => {
          const inner = document
            .querySelector('cc-app')
            ?.shadowRoot?.querySelector('main')?.firstElementChild;
          const wide = (e: Element) => e.scrollWidth > e.clientWidth + 1;
          return wide(document.documentElement) || (inner ? wide(inner) : true);
        });

      // No round yet: the project page says so and offers to start one.
      await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('No round open');
      expect(await scrollsSideways()).toBe(false);
      await page.getByRole('link', { name: 'Start a blind round…' }).click();
      await page.waitForURL(/\/rounds\?blind=1#start$/);
      const form = page.getByTestId('start-round');
      expect(await form.getByRole('checkbox', { name: /^Blind/ }).isChecked()).toBe(true);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.tagName ?? null))
        .not.toBeNull();
      await form.getByLabel('Name').fill('Blind check');
      await form.getByRole('radio', { name: 'Pick documents' }).check();
      await form.locator('.pick input[type="checkbox"]').first().check();
      await page.getByRole('button', { name: 'Start the round…' }).click();
      const confirm = page.getByTestId('confirm-blind-round');
      expect(await textOf(confirm)).toMatch(
        /its coders and the project's viewers see only their own codings/,
      );
      expect(await textOf(confirm)).toMatch(/every agreement figure/);
      expect(await seriousViolations(page)).toEqual([]);
      await confirm.getByRole('button', { name: 'Back' }).click();
      expect(await confirm.count()).toBe(0);
      expect(await rounds()).toEqual([]);
      expect(await blind()).toBe(false);

      await page.getByRole('button', { name: 'Start the round…' }).click();
      await page.getByRole('button', { name: 'Start the blind round' }).click();
      await expect.poll(() => textOf(page.getByTestId('rounds-message'))).toMatch(/^Started “Blind check”/);
      const [round] = await rounds();
      expect(round).toMatchObject({ name: 'Blind check', blind: true, status: 'open' });
      expect(await blind()).toBe(true);

      // The project page shows that round, blind, linked to the Rounds page.
      await page.goto(`${server.http}/projects/${project.id}`);
      await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('Blind round');
      expect(await textOf(page.getByTestId('open-round'))).toBe('“Blind check”');
      expect(await scrollsSideways()).toBe(false);

      // The blind rules hold for a coder: no agreement figures.
      const coderContext = await browser.newContext();
      const coderPage = await coderContext.newPage();
      await signIn(coderPage, server.http, coder.email, coder.password, `/projects/${project.id}`);
      await expect.poll(() => textOf(coderPage.getByTestId('round-state'))).toBe('Blind round');
      expect(await coderPage.getByRole('button', { name: 'Open the round' }).count()).toBe(0);
      expect(
        (await server.api('GET', `/api/projects/${project.id}/agreement`, undefined, coder.token)).status,
      ).toBe(403);

      // Opening needs no confirmation: it hides nothing. Making it blind again asks first.
      await page.getByRole('button', { name: 'Open the round' }).click();
      await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('Open round');
      expect(await blind()).toBe(false);
      expect((await rounds())[0]!.blind).toBe(false);
      await page.getByRole('button', { name: 'Make it blind…' }).click();
      const again = page.getByTestId('confirm-blind');
      expect(await textOf(again)).toMatch(/coders and viewers see only their own codings/);
      expect(await seriousViolations(page)).toEqual([]);
      await again.getByRole('button', { name: 'Make it blind' }).click();
      await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('Blind round');
      expect((await rounds())[0]!.blind).toBe(true);

      // Closing the round ends it: the project page has no round open, and the project is open again.
      await server.api(
        'POST',
        `/api/projects/${project.id}/rounds/${round!.id}/close?ci=0`,
        undefined,
        supervisor.token,
      );
      await page.reload();
      await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('No round open');
      expect(await blind()).toBe(false);
      expect(await page.getByTestId('blind-between-rounds').count()).toBe(0);
      await coderContext.close();
      await context.close();
    },
  );
});
