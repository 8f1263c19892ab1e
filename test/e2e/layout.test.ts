/**
 * Every page fits the window at 1280×800 and at 800 px wide: no container scrolls or clips
 * sideways (wide tables scroll inside their card), controls stay inside their cards, and a long
 * document title is shown whole.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  useDemoInBrowser,
  textOf,
  type DemoMember,
} from './browser.ts';
import { appPages } from './pages.ts';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 900 },
];

/** A title as long as real ones get: it must wrap, not be cut off. */
const LONG_TITLE =
  'Focus group 3 — ward managers and senior nurses on the integrated discharge pathway, second session (verbatim)';

/**
 * Containers of the page that are wider inside than they are (`scrollWidth > clientWidth`), so
 * they scroll or clip sideways: the document, `<main>`, the page's element and every box within it
 * (nested components included). Boxes that scroll sideways by design (`overflow-x: auto`, e.g. a
 * wide table's card) are allowed, and so is what they hold; text cut with an ellipsis on purpose
 * is checked separately (the document title).
 */
function sidewaysOverflow(page: Page, element: string): Promise<string[]> {
  return page.evaluate((tag) => {
    const out: string[] = [];
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
    const check = (el: Element, what = label(el)) => {
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(`${what}: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
    };
    check(document.documentElement, 'the page');
    const main = document.querySelector('cc-app')!.shadowRoot!.querySelector('main')!;
    check(main, 'main');
    const host = main.querySelector(tag);
    if (!host) return [`no <${tag}> in main`];
    check(host, tag);
    const walk = (root: ParentNode) => {
      for (const el of root.children) {
        const style = getComputedStyle(el);
        if (style.display === 'none') continue;
        const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
        // Inline boxes have no width of their own; tiny boxes are visually hidden labels.
        const box = style.display !== 'inline' && el.clientWidth >= 4;
        if (box && !scrolls && style.textOverflow !== 'ellipsis') check(el);
        if (scrolls) continue;
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(host.shadowRoot ?? host);
    return out;
  }, element);
}

/**
 * How far the window itself scrolls, in px, down or sideways. The app is a shell the size of the
 * window whose pages scroll inside `<main>`: anything that makes the document taller or wider
 * (hidden screen-reader text left far down a long page) scrolls the whole app, top bar included,
 * out of sight into a blank screen.
 */
function windowOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = document.scrollingElement!;
    const out: string[] = [];
    if (doc.scrollHeight > window.innerHeight)
      out.push(`the window scrolls down: ${doc.scrollHeight}px in ${window.innerHeight}px`);
    if (doc.scrollWidth > window.innerWidth)
      out.push(`the window scrolls sideways: ${doc.scrollWidth}px in ${window.innerWidth}px`);
    return out;
  });
}

describe.skipIf(skipWithoutChromium('e2e layout'))('layout of every page (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it(
    'scrolls no container sideways and never the window at 1280×800 and 800×900, shows a long title whole, and gives the code list the panel’s height',
    { timeout: 300_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const created = await server.api<{ id: string }>('POST', `/api/projects/${project.id}/documents`, {
        title: LONG_TITLE,
        text: 'Interviewer: How did the first week go?\n\nWard manager: Busy. We learnt a lot.\n',
      });
      const pages = appPages(project.id, project.name, created.body.id);
      const found: Record<string, string[]> = {};
      for (const viewport of VIEWPORTS) {
        const size = `${viewport.width}×${viewport.height}`;
        const signedOut = await browser.browser.newContext({ viewport });
        const signedIn = await browser.browser.newContext({ viewport });
        const visitor = await signedOut.newPage();
        const reviewer = await signedIn.newPage();
        await signIn(reviewer, server.http, supervisor.email, supervisor.password);
        for (const entry of pages) {
          const page = entry.signedIn ? reviewer : visitor;
          await page.goto(`${server.http}${entry.path}`);
          await entry.ready(page);
          found[`${entry.name} at ${size}`] = [
            ...(await sidewaysOverflow(page, entry.element)),
            ...(await windowOverflow(page)),
          ];
        }
        // The coding view's title wraps rather than being cut: all of it fits its box.
        const title = reviewer.locator('cc-coding-view .toolbar h1');
        await reviewer.goto(`${server.http}${pages.find((p) => p.name === 'coding view')!.path}`);
        await title.waitFor();
        expect(await textOf(title)).toBe(LONG_TITLE);
        const fits = await title.evaluate(
          (h) => h.scrollWidth <= h.clientWidth + 1 && h.scrollHeight <= h.clientHeight + 1,
        );
        expect(fits, `title at ${size}`).toBe(true);
        // The code list takes the height the side panel has: the panel's sections fill it to the
        // bottom, and the list fills its own section (but for the status line under it).
        const room = await reviewer.locator('cc-coding-view').evaluate((view) => {
          const aside = view.shadowRoot!.querySelector('aside')!;
          const sections = [...aside.querySelectorAll(':scope > section')];
          const palette = aside.querySelector('section.palette')!;
          const list = palette.querySelector('cc-code-palette')!.shadowRoot!.querySelector('ul')!;
          const status = palette.querySelector('.status')!;
          return {
            unusedBelow:
              aside.getBoundingClientRect().bottom - sections.at(-1)!.getBoundingClientRect().bottom,
            belowList: status.getBoundingClientRect().top - list.getBoundingClientRect().bottom,
            listHeight: list.clientHeight,
          };
        });
        expect(room.unusedBelow, `panel at ${size}`).toBeLessThanOrEqual(1);
        expect(room.belowList, `list at ${size}`).toBeLessThanOrEqual(12);
        expect(room.listHeight, `list at ${size}`).toBeGreaterThan(200);
        await signedOut.close();
        await signedIn.close();
      }
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    },
  );

  it('keeps every control inside its card', { timeout: 120_000 }, async () => {
    const supervisor = members.find((m) => m.role === 'reviewer')!;
    for (const viewport of VIEWPORTS) {
      const context = await browser.browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, server.http, supervisor.email, supervisor.password, `/projects/${project.id}`);
      await page.getByRole('button', { name: 'Import transcripts…' }).waitFor();
      // Every control of a card ends within the card (the add-transcript fields stuck out by 38 px).
      const overflowing = await page.locator('cc-project-page').evaluate((host) => {
        const root = host.shadowRoot!;
        const out: string[] = [];
        for (const card of root.querySelectorAll<HTMLElement>('.card, section, aside')) {
          const edge = card.getBoundingClientRect().right;
          for (const control of card.querySelectorAll<HTMLElement>('input, textarea, button, select')) {
            const right = control.getBoundingClientRect().right;
            if (right > edge + 0.5)
              out.push(`${control.outerHTML.slice(0, 60)} ends at ${right}, card at ${edge}`);
          }
        }
        return out;
      });
      expect(overflowing, `${viewport.width}×${viewport.height}`).toEqual([]);
      // The open Export menu and import dialog stay within the window.
      const within = async (label: string) => {
        const box = (await page.getByRole('dialog', { name: label }).boundingBox())!;
        const width = await page.evaluate(() => document.documentElement.clientWidth);
        return { left: box.x >= 0, right: box.x + box.width <= width + 0.5 };
      };
      await page.getByRole('button', { name: 'Export ▾' }).click();
      expect(await within('Export'), `${viewport.width}: Export`).toEqual({ left: true, right: true });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      expect(await within('Import transcripts'), `${viewport.width}: import`).toEqual({
        left: true,
        right: true,
      });
      await page.keyboard.press('Escape');
      await context.close();
    }
  });

  it(
    'fits the documents table in its card at 1280 px, and keeps the title in view when it scrolls sideways',
    { timeout: 120_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      /** The table's scroll box: how wide inside and out, and whether the first title is in view. */
      const measure = (page: Page) =>
        page.locator('cc-document-table').evaluate((host) => {
          const box = host.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
          box.scrollLeft = box.scrollWidth;
          const title = box.querySelector('tbody tr td.title')!;
          const t = title.getBoundingClientRect();
          const b = box.getBoundingClientRect();
          const hit = host.shadowRoot!.elementFromPoint(t.left + t.width / 2, t.top + t.height / 2);
          return {
            scrolls: box.scrollWidth > box.clientWidth + 1,
            titleInView: t.left >= b.left - 0.5 && t.right <= b.right + 0.5 && title.contains(hit),
          };
        });
      for (const viewport of VIEWPORTS) {
        const size = `${viewport.width}×${viewport.height}`;
        const context = await browser.browser.newContext({ viewport });
        const page = await context.newPage();
        await signIn(page, server.http, supervisor.email, supervisor.password, `/projects/${project.id}`);
        await page.getByTestId('documents').locator('td[data-coder]').first().waitFor();
        const coders = await page
          .getByTestId('documents')
          .locator('tbody tr')
          .first()
          .locator('td[data-coder]')
          .count();
        expect(coders, size).toBeGreaterThanOrEqual(2);
        const plain = await measure(page);
        // At 1280 px the table fits (title, date, each coder, the actions); at 800 px it may scroll.
        if (viewport.width === 1280) expect(plain.scrolls, size).toBe(false);
        expect(plain.titleInView, size).toBe(true);
        // With the attributes shown it may scroll, but the title column stays in view.
        await page.getByTestId('toggle-attributes').click();
        await page.getByTestId('documents').locator('td.attribute').first().waitFor();
        expect((await measure(page)).titleInView, `${size} with attributes`).toBe(true);
        await context.close();
      }
    },
  );
});
