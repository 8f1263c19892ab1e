/**
 * Every state of the analysis page a researcher reaches — passages by document and side by side,
 * a co-occurrence cell open, a matrix by attribute with a cell open — passes axe-core's WCAG 2.1
 * A/AA checks and fits 1280×800 and 800 px wide windows without the page scrolling sideways;
 * the tab list works from the keyboard and keeps the tab in the address; the heat maps carry a
 * legend of their scales.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Code, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  useDemoInBrowser,
  type DemoMember,
  type E2eBrowser,
} from './browser.ts';

/** Boxes of the analysis page wider inside than out, outside boxes that scroll sideways by design. */
function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const main = document.querySelector('cc-app')!.shadowRoot!.querySelector('main')!;
    const host = main.querySelector('cc-analysis-page')!;
    const check = (el: Element) => {
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push(
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.scrollWidth} in ${el.clientWidth}`,
        );
      }
    };
    check(document.documentElement);
    check(main);
    check(host);
    const walk = (root: ParentNode) => {
      for (const el of root.children) {
        const style = getComputedStyle(el);
        if (style.display === 'none') continue;
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
        if (style.display !== 'inline' && el.clientWidth >= 4) check(el);
        // The views are components of their own: their boxes count too.
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(host.shadowRoot!);
    return out;
  });
}

describe.skipIf(skipWithoutChromium('e2e analysis views'))('analysis page views (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it(
    'passes the accessibility and layout checks in every view, at both window sizes',
    { timeout: 240_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const authors = members.find((m) => m.name === 'Study authors')!;
      const codes = (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;
      const theme = codes.find((c) => c.parentId === null && codes.some((k) => k.parentId === c.id))!;
      const documents = (
        await server.api<{ attributes: Record<string, unknown> }[]>(
          'GET',
          `/api/projects/${project.id}/documents`,
        )
      ).body;
      const attribute = Object.keys(
        documents.find((d) => Object.keys(d.attributes).length > 0)!.attributes,
      )[0]!;
      const found: Record<string, unknown> = {};

      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 800, height: 900 },
      ]) {
        const size = `${viewport.width}×${viewport.height}`;
        const page = await (await browser.browser.newContext({ viewport })).newPage();
        const errors = pageErrors(page);
        await signIn(
          page,
          server.http,
          supervisor.email,
          supervisor.password,
          `/projects/${project.id}/analysis`,
        );
        const record = async (state: string) => {
          found[`${state} at ${size}`] = [...(await seriousViolations(page)), ...(await sideways(page))];
        };

        await page.getByTestId('retrieve-empty').waitFor();
        await record('retrieve, nothing picked');
        await page.getByTestId('code-picker').getByLabel(theme.name, { exact: true }).check();
        await page.getByTestId('passage').first().waitFor();
        await record('retrieve by document');
        await page.getByRole('button', { name: 'By coder, side by side' }).click();
        await page.getByTestId('compare').waitFor();
        await record('retrieve side by side');

        // The tab list from the keyboard: → moves to the next tab and puts it in the address.
        await page.getByRole('tab', { name: 'Retrieve' }).focus();
        await page.keyboard.press('ArrowRight');
        await page.waitForURL(/[?&]view=cooccurrence(&|$)/);
        await expect
          .poll(() => page.getByRole('tab', { name: 'Co-occurrence' }).getAttribute('aria-selected'))
          .toBe('true');
        await page.getByLabel('Layer').selectOption({ label: authors.name });
        const cell = page
          .getByTestId('cooccurrence')
          .locator('td button')
          .filter({ hasNotText: /^\s*0\s*$/ })
          .first();
        await cell.click();
        await page.getByTestId('pair-passages').getByTestId('passage').first().waitFor();
        await record('co-occurrence with a cell open');

        // The table is one tab stop; the arrows move between its cells, and the focus follows.
        const stops = page.getByTestId('cooccurrence').locator('button[tabindex="0"]');
        expect(await stops.count()).toBe(1);
        const row = Number(await cell.getAttribute('data-row'));
        const col = Number(await cell.getAttribute('data-col'));
        await page.keyboard.press(row === 0 ? 'ArrowDown' : 'ArrowUp');
        const moved = page
          .getByTestId('cooccurrence')
          .locator(`button[data-row="${row === 0 ? 1 : row - 1}"][data-col="${col}"]`);
        await expect.poll(() => moved.evaluate((el) => el.matches(':focus') && el.tabIndex === 0)).toBe(true);
        expect(await stops.count()).toBe(1);

        await page.getByRole('tab', { name: 'Co-occurrence' }).focus();
        await page.keyboard.press('End');
        await page.waitForURL(/[?&]view=matrix(&|$)/);
        await page.getByLabel('Layer').selectOption({ label: authors.name });
        await page.getByLabel('Columns').selectOption({ label: `Attribute: ${attribute}` });
        const busiest = page.getByTestId('matrix').locator('td button').filter({ hasText: / in / }).first();
        await busiest.click();
        await page.getByTestId('cell-passages').getByTestId('passage').first().waitFor();
        await record('matrix by attribute with a cell open');

        // Each view keeps its choices while another tab is open.
        await page.getByRole('tab', { name: 'Retrieve' }).click();
        expect(
          await page.getByTestId('code-picker').getByLabel(theme.name, { exact: true }).isChecked(),
        ).toBe(true);
        await page.getByTestId('compare').waitFor();
        await page.getByRole('tab', { name: 'Matrix' }).click();
        await page.getByTestId('cell-passages').getByTestId('passage').first().waitFor();

        // Reloading keeps the tab and the choices (they are in the address).
        await page.reload();
        await page.getByTestId('matrix').waitFor();
        expect(await page.getByRole('tab', { name: 'Matrix' }).getAttribute('aria-selected')).toBe('true');
        expect(await page.getByLabel('Columns').inputValue()).toBe(`attribute:${attribute}`);
        expect(await page.getByLabel('Layer').inputValue()).toBe(authors.id);
        expect(errors).toEqual([]);
        await page.context().close();
      }
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    },
  );
});
