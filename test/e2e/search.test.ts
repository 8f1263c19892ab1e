/**
 * The search page in Chromium against a real server: a search shows its hits as keyword-in-context
 * lines, "Code selected hits…" codes them all in the user's own layer (the server lists the
 * codings at the hits' positions), one Undo takes them all back, Ctrl+Z does the same for the next
 * step, and a hit opens the coding view at its passage (UTF-16 range after an emoji).
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/schemas.ts';
import type { SearchResult } from '../../shared/search/schemas.ts';
import {
  addDemoDocument,
  pageErrors,
  signedInPage,
  skipWithoutChromium,
  useDemoInBrowser,
} from './browser.ts';

const TEXT =
  'Interviewer: Tell me about 🙂 the walrus ward.\n\nNurse: The walrus ward had no beds; walruses never do.';

describe.skipIf(skipWithoutChromium('e2e search'))('the search page (browser)', () => {
  const demo = useDemoInBrowser({});
  const opened: Page[] = [];
  afterAll(async () => {
    for (const page of opened) await page.context().close();
  });

  it(
    'codes every hit as one step, undoes it, and opens a hit in the coding view',
    { timeout: 120_000 },
    async () => {
      const authors = demo.members.find((m) => m.name === 'Study authors')!;
      const doc = await addDemoDocument(demo, 'Walrus interview', TEXT);
      const codes = (await demo.server.api<Code[]>('GET', `/api/projects/${demo.project.id}/codebook`)).body;
      const code = codes.find((c) => c.name === 'Underlying tensions')!;
      const expected = (
        await demo.server.api<SearchResult>('GET', `/api/projects/${demo.project.id}/search?q=walrus`)
      ).body;
      // Counted by hand: "walrus" at code points 33 and 58 ("walruses" is no hit).
      expect(expected.hits.map((h) => h.start)).toEqual([33, 58]);
      const codingsOf = async () => {
        const res = await demo.server.api<{
          codings: { coder: string; code: string; start: number; end: number }[];
        }>('GET', `/api/projects/${demo.project.id}/documents/${doc.id}/codings`);
        return res.body.codings
          .filter((c) => c.coder === authors.id && c.code === code.id)
          .map((c) => [c.start, c.end])
          .sort((a, b) => a[0]! - b[0]!);
      };

      const page = await signedInPage(
        demo.browser,
        demo.server.http,
        authors,
        `/projects/${demo.project.id}/search`,
      );
      opened.push(page);
      const errors = pageErrors(page);
      await page.getByLabel('Search for').fill('walrus');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const results = page.getByTestId('search-results');
      await expect
        .poll(async () =>
          (await results.getByRole('heading', { level: 2 }).textContent())?.replace(/\s+/g, ' '),
        )
        .toMatch(/2 hits in 1 document/);
      const lines = results.getByTestId('hit');
      await expect.poll(() => lines.count()).toBe(2);
      // Keyword in context: the text before, the match, the text after, on one line.
      expect(await lines.nth(0).locator('.match').textContent()).toBe('walrus');
      expect(await lines.nth(0).locator('.before').textContent()).toContain('Tell me about 🙂 the ');
      expect(await lines.nth(0).locator('.after').textContent()).toContain(' ward.');

      await results.getByLabel('Select all').check();
      await results.getByLabel('Code to apply').selectOption(code.id);
      await results.getByRole('button', { name: 'Code selected hits…' }).click();
      await expect.poll(() => page.getByTestId('search-message').textContent()).toMatch(/Coded 2 hits/);
      await expect.poll(codingsOf, { timeout: 10_000 }).toEqual(expected.hits.map((h) => [h.start, h.end]));

      // One Undo takes both codings out.
      await results.getByRole('button', { name: /^Undo/ }).click();
      await expect.poll(codingsOf, { timeout: 10_000 }).toEqual([]);
      await expect.poll(() => page.getByTestId('search-message').textContent()).toMatch(/Undone: 2 codings/);

      // Again, undone with Ctrl+Z this time.
      await results.getByRole('button', { name: 'Code selected hits…' }).click();
      await expect.poll(codingsOf, { timeout: 10_000 }).toHaveLength(2);
      await results.getByRole('heading', { level: 2 }).click();
      await page.keyboard.press('Control+z');
      await expect.poll(codingsOf, { timeout: 10_000 }).toEqual([]);

      // A hit opens the coding view at its passage: UTF-16 offsets, the emoji counting two.
      await lines.nth(0).getByRole('link', { name: 'walrus' }).click();
      await page.waitForURL(/\/documents\//);
      expect(new URL(page.url()).searchParams.get('range')).toBe('34-40');
      await page.locator('cc-transcript .cm-content').getByText('walrus ward had').waitFor();
      expect(errors).toEqual([]);
    },
  );
});
