/**
 * The search page in Chromium against a real server: a search shows its hits as keyword-in-context
 * lines (the transcript's own spacing, nothing added), "Code selected hits" codes them all in the
 * user's own layer (the server lists the codings at the hits' positions), one Undo takes them all
 * back, Ctrl+Z does the same for the next step, a hit opens the coding view at its passage (UTF-16
 * range after an emoji) and Back returns to the same search. Many hits come a page at a time with
 * a heading true for what is shown; a bad pattern is explained at the field.
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
      // Nothing between the three parts, in the markup or on screen: the only space is the text's.
      const gaps = await lines.nth(0).evaluate((li) => {
        const [before, match, after] = ['.before', '.match', '.after'].map((s) => li.querySelector(s)!);
        const box = (e: Element) => e.getBoundingClientRect();
        return {
          adjacent: match!.previousSibling === before && match!.nextSibling === after,
          left: box(match!).left - box(before!).right,
          right: box(after!).left - box(match!).right,
        };
      });
      expect(gaps.adjacent).toBe(true);
      expect(Math.abs(gaps.left)).toBeLessThan(1);
      expect(Math.abs(gaps.right)).toBeLessThan(1);
      // The search is in the URL, for Back from a hit.
      expect(new URL(page.url()).searchParams.get('q')).toBe('walrus');

      await results.getByLabel('Select all').check();
      await results.getByLabel('Code to apply').selectOption(code.id);
      await results.getByRole('button', { name: 'Code selected hits', exact: true }).click();
      await expect.poll(() => page.getByTestId('search-message').textContent()).toMatch(/Coded 2 hits/);
      await expect.poll(codingsOf, { timeout: 10_000 }).toEqual(expected.hits.map((h) => [h.start, h.end]));

      // One Undo takes both codings out.
      await results.getByRole('button', { name: /^Undo/ }).click();
      await expect.poll(codingsOf, { timeout: 10_000 }).toEqual([]);
      await expect.poll(() => page.getByTestId('search-message').textContent()).toMatch(/Undone: 2 codings/);

      // Again, undone with Ctrl+Z this time.
      await results.getByRole('button', { name: 'Code selected hits', exact: true }).click();
      await expect.poll(codingsOf, { timeout: 10_000 }).toHaveLength(2);
      await results.getByRole('heading', { level: 2 }).click();
      await page.keyboard.press('Control+z');
      await expect.poll(codingsOf, { timeout: 10_000 }).toEqual([]);

      // A hit opens the coding view at its passage: UTF-16 offsets, the emoji counting two.
      await lines.nth(0).getByRole('link', { name: 'walrus' }).click();
      await page.waitForURL(/\/documents\//);
      expect(new URL(page.url()).searchParams.get('range')).toBe('34-40');
      await page.locator('cc-transcript .cm-content').getByText('walrus ward had').waitFor();

      // Back: the same search and the same results, not an empty page.
      await page.goBack();
      await page.waitForURL(/\/search\?q=walrus$/);
      await expect.poll(() => page.getByLabel('Search for').inputValue()).toBe('walrus');
      await expect
        .poll(async () => (await results.getByRole('heading', { level: 2 }).textContent())?.trim())
        .toBe('2 hits in 1 document');
      await expect.poll(() => lines.count()).toBe(2);
      expect(await lines.nth(1).locator('.match').textContent()).toBe('walrus');
      expect(errors).toEqual([]);
    },
  );

  it(
    'shows many hits a page at a time, counts documents truly, and keeps a pattern search in the URL',
    { timeout: 120_000 },
    async () => {
      const authors = demo.members.find((m) => m.name === 'Study authors')!;
      const all = (
        await demo.server.api<SearchResult>(
          'GET',
          `/api/projects/${demo.project.id}/search?q=${encodeURIComponent('\\w+')}&mode=regex&limit=10000`,
        )
      ).body;
      const documents = new Set(all.hits.map((h) => h.documentId)).size;
      // The demo has well over two pages of words, in more documents than the first page reaches.
      expect(all.total).toBeGreaterThan(1000);
      const firstPage = new Set(all.hits.slice(0, 500).map((h) => h.documentId)).size;
      expect(firstPage).toBeLessThan(documents);

      const page = await signedInPage(
        demo.browser,
        demo.server.http,
        authors,
        `/projects/${demo.project.id}/search`,
      );
      opened.push(page);
      const errors = pageErrors(page);
      await page.getByLabel('Pattern').check();

      // A bad pattern: the parser's reason in plain words at the field, not its /…/giu quotation.
      await page.getByLabel('Search for').fill('(unclosed');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect
        .poll(() => page.locator('#q-error').textContent())
        .toBe('This pattern is not valid: unterminated group ‘(’ — check brackets.');
      expect(await page.getByLabel('Search for').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Search for').fill('\\w+');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const results = page.getByTestId('search-results');
      const heading = results.getByRole('heading', { level: 2 });
      const lines = results.getByTestId('hit');
      await expect
        .poll(async () => (await heading.textContent())?.trim())
        .toBe(`${all.total} hits (showing 1–500), in ${firstPage} documents so far`);
      expect(await lines.count()).toBe(500);
      expect(await page.locator('#q-error').textContent()).toBe('');
      const url = new URL(page.url());
      expect([url.searchParams.get('q'), url.searchParams.get('mode')]).toEqual(['\\w+', 'regex']);

      // "Show more" until every hit is there; then the document count is the whole answer's.
      for (let shown = 500; shown < all.total; shown += 500) {
        await results.getByRole('button', { name: 'Show more' }).click();
        await expect.poll(() => lines.count()).toBe(Math.min(shown + 500, all.total));
      }
      await expect
        .poll(async () => (await heading.textContent())?.trim())
        .toBe(`${all.total} hits in ${documents} documents`);
      expect(await results.getByRole('button', { name: 'Show more' }).count()).toBe(0);
      expect(
        await lines
          .nth(all.total - 1)
          .locator('.match')
          .textContent(),
      ).toBe(all.hits.at(-1)!.match);

      // Opening the URL again runs the same pattern search, mode included.
      await page.goto(page.url());
      await expect
        .poll(async () => (await heading.textContent())?.trim())
        .toMatch(/^\d+ hits \(showing 1–500\)/);
      expect(await page.getByLabel('Pattern').isChecked()).toBe(true);
      // The bad pattern's 400 is the only error the browser logged.
      expect(errors).toEqual([expect.stringMatching(/status of 400 .*\/search\?q=%28unclosed&/)]);
    },
  );
});
