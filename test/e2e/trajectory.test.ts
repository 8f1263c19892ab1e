/**
 * The end-to-end case in Chromium: a supervisor starts a 20% blind pilot round for two
 * coders, they code, it closes, the codebook is revised, a second round starts, the trajectory
 * shows both, the methods paragraph downloads. The owner sets the target the trajectory marks.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  codeFirstWord,
  pageErrors,
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

interface TrajectoryJson {
  target: { measure: string; value: number } | null;
  rounds: {
    id: string;
    name: string;
    pooled: { cohenKappa: number | null };
    codes: { codeId: string; reaches: boolean | null }[];
    codebookChangesBefore: { renamed: { from: string; to: string }[] } | null;
  }[];
}

describe.skipIf(skipWithoutChromium('e2e trajectory'))('trajectory and methods (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));

  const member = (name: string) => members.find((m) => m.name === name)!;

  async function open(who: { email: string; password: string }, path: string, width = 1280): Promise<Page> {
    const context = await browser.browser.newContext({
      viewport: { width, height: 900 },
      acceptDownloads: true,
    });
    const p = await context.newPage();
    await signIn(p, server.http, who.email, who.password, path);
    return p;
  }

  /** Fills and starts a 20% round on the rounds page (confirming when it is blind). */
  async function startRound(p: Page, name: string, blind: boolean): Promise<void> {
    const form = p.getByTestId('start-round');
    await form.getByLabel('Name').fill(name);
    await form.getByRole('checkbox', { name: /^Blind/ }).setChecked(blind);
    await form.getByLabel('Sample size', { exact: true }).fill('20');
    // The demo's coders have coded every document already: the sample has to include them.
    await form.getByTestId('include-coded').check();
    await p.getByRole('button', { name: 'Start the round…' }).click();
    if (blind) await p.getByRole('button', { name: 'Start the blind round' }).click();
    await expect
      .poll(() => textOf(p.getByTestId('rounds-message')))
      .toMatch(new RegExp(`^Started “${name}”`));
  }

  it(
    'shows a blind pilot and a second round after a codebook revision, and downloads the methods',
    { timeout: 300_000 },
    async () => {
      // An owner sets the target: Cohen's κ ≥ 0.70, its band said in words.
      const owner = await server.user('Project owner');
      await server.api('POST', `/api/projects/${project.id}/members`, {
        userId: owner.user.id,
        role: 'owner',
      });
      const ownerPage = await open(
        { email: owner.user.email, password: owner.password },
        `/projects/${project.id}/rounds`,
      );
      const trajectory = ownerPage.locator('cc-trajectory');
      await trajectory.getByLabel('Measure').selectOption('cohenKappa');
      expect(await textOf(trajectory.locator('#target-bands'))).toMatch(/Landis & Koch/);
      await trajectory.getByLabel('At least').fill('2');
      await trajectory.getByRole('button', { name: 'Set target' }).click();
      expect(await textOf(trajectory.getByTestId('target-error'))).toMatch(/between -1 and 1/);
      await trajectory.getByLabel('At least').fill('0.70');
      await trajectory.getByRole('button', { name: 'Set target' }).click();
      await expect
        .poll(() => textOf(trajectory.getByTestId('target')))
        .toMatch(/Cohen's κ ≥ 0.7 — substantial/);
      // Said once, on the target line (a live region), not again in a message above it.
      expect(await trajectory.getByTestId('target').getAttribute('role')).toBe('status');
      expect(await trajectory.getByTestId('target-message').count()).toBe(0);
      expect((await textOf(trajectory.locator('section').first())).match(/κ ≥ 0\.7\b/g)).toHaveLength(1);
      const stored = await server.api<{ target: unknown }>('GET', `/api/projects/${project.id}`);
      expect(stored.body.target).toEqual({ measure: 'cohenKappa', value: 0.7 });

      // The supervisor starts a 20% blind pilot for the two coders; they code and it closes.
      const supervisor = await open(member('Demo supervisor'), `/projects/${project.id}/rounds`, 800);
      const errors = pageErrors(supervisor);
      await startRound(supervisor, 'Pilot', true);
      const pilot = (
        await server.api<{ rounds: { id: string; documents: string[] }[] }>(
          'GET',
          `/api/projects/${project.id}/rounds`,
        )
      ).body.rounds[0]!;
      for (const name of ['Study authors', 'Synthetic coder (generated)']) {
        const coder = await open(member(name), `/projects/${project.id}/documents/${pilot.documents[0]}`);
        await coder.locator('cc-transcript .cm-content').waitFor();
        await codeFirstWord(coder, 1, '1');
        // The round's start can reach the page after it opened and draw the view anew, taking a
        // click with it: tick until the box stays ticked.
        const done = coder.getByTestId('done');
        await expect
          .poll(async () => {
            if (!(await done.isChecked())) await done.click();
            return done.isChecked();
          })
          .toBe(true);
        await coder.context().close();
      }
      const item = supervisor.locator(`li[data-round="${pilot.id}"]`);
      await item.getByRole('button', { name: 'Close round…' }).click();
      await item.getByRole('button', { name: 'Close the round' }).click();
      await expect.poll(() => textOf(item.getByTestId('round-status'))).toBe('Closed');

      // The codebook is revised: a code renamed.
      await supervisor.goto(`${server.http}/projects/${project.id}/codebook`);
      const leaf = supervisor.getByTestId('code-tree').locator('li[aria-level="2"]').first();
      const oldName = await textOf(leaf.locator('.name'));
      await leaf.click();
      await supervisor.getByTestId('code-name').fill(`${oldName} (revised)`);
      await expect.poll(() => textOf(leaf.locator('.name'))).toBe(`${oldName} (revised)`);

      // A second round starts; the trajectory shows both, with the revision between them.
      await supervisor.goto(`${server.http}/projects/${project.id}/rounds`);
      await startRound(supervisor, 'Round 2', false);
      const answer = (
        await server.api<TrajectoryJson>('GET', `/api/projects/${project.id}/rounds/trajectory`)
      ).body;
      expect(answer.rounds.map((r) => r.name)).toEqual(['Pilot', 'Round 2']);
      const table = supervisor.getByTestId('trajectory');
      // The table follows the list of rounds: it shows the second round once it has read it again.
      await expect.poll(() => table.locator('thead th[data-round]').count()).toBe(2);
      expect(await table.locator('thead th[data-round]').allTextContents()).toEqual([
        expect.stringContaining('Pilot'),
        expect.stringContaining('Round 2'),
      ]);
      const pooled = table.locator('tr.pooled').first().locator('td');
      expect(await textOf(pooled.nth(0))).toContain(answer.rounds[0]!.pooled.cohenKappa!.toFixed(3));
      // Codes below the target are marked, exactly those the server says miss it.
      const misses = answer.rounds.flatMap((r) => r.codes).filter((c) => c.reaches === false).length;
      expect(await table.locator('tr[data-code] td[data-below="true"]').count()).toBe(misses);
      // The change between the rounds is listed under the second round and opens on demand.
      const changes = table.getByTestId('codebook-changes');
      expect(await changes.count()).toBe(1);
      await changes.locator('summary').click();
      expect(await textOf(changes)).toContain(`Renamed “${oldName}” to “${oldName} (revised)”`);
      expect(await seriousViolations(supervisor)).toEqual([]);
      // Neither the window nor the page inside the app shell scrolls sideways at 800 px.
      expect(
        await supervisor.evaluate(() => {
          const page = document.querySelector('cc-app')?.shadowRoot?.querySelector('main')?.firstElementChild;
          const wide = (e: Element) => e.scrollWidth > e.clientWidth + 1;
          return wide(document.documentElement) || (page ? wide(page) : true);
        }),
      ).toBe(false);
      // Nor down: the wheel scrolls the page to its end and the window stays put, top bar in view
      // (hidden table captions far down once stretched the window into a blank screen).
      await supervisor.getByTestId('trajectory').hover();
      for (let i = 0; i < 12; i += 1) await supervisor.mouse.wheel(0, 800);
      await expect
        .poll(() =>
          supervisor
            .locator('cc-rounds-page')
            .evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 1),
        )
        .toBe(true);
      expect(
        await supervisor.evaluate(() => ({
          scrollY: window.scrollY,
          taller: document.scrollingElement!.scrollHeight > window.innerHeight,
        })),
      ).toEqual({ scrollY: 0, taller: false });

      // The methods paragraph downloads, named after the project, in Markdown and Word.
      const downloads = supervisor.getByTestId('methods-downloads');
      const [md] = await Promise.all([
        supervisor.waitForEvent('download'),
        downloads.getByRole('link', { name: 'Download (Markdown)' }).click(),
      ]);
      expect(md.suggestedFilename()).toMatch(/\.md$/);
      const text = readFileSync((await md.path())!, 'utf8');
      expect(text).toContain('Pilot');
      expect(text).toContain('Round 2');
      const [docx] = await Promise.all([
        supervisor.waitForEvent('download'),
        downloads.getByRole('link', { name: 'Download (Word)' }).click(),
      ]);
      expect(docx.suggestedFilename()).toMatch(/\.docx$/);
      expect(
        readFileSync((await docx.path())!)
          .subarray(0, 2)
          .toString('latin1'),
      ).toBe('PK');
      expect(errors).toEqual([]);
    },
  );
});
