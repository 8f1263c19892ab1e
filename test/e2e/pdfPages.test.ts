/**
 * PDF documents in the coding view, in Chromium: the rendered pages with PDF.js's text layer, a
 * coding made by selecting on a page landing on exactly the positions the same passage has in the
 * text view, codings drawn on the page (live, from another coder), the place kept when switching
 * between pages and text, a jump to a passage opening its page, the text not offered for editing,
 * and the page view's accessibility at 1280 and 800 px.
 */
import { existsSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../shared/schemas.ts';
import { buildPdf } from '../helpers/pdf.ts';
import { upload } from '../helpers/transfer.ts';
import { seriousViolations } from './axe.ts';
import { pageErrors, signedInPage, skipWithoutChromium, textOf, useDemoInBrowser } from './browser.ts';

/** Reading PDFs on import (server/services/import/pdf.ts) is what these tests open documents with. */
const SERVER_READS_PDF = existsSync(new URL('../../server/services/import/pdf.ts', import.meta.url));

const FIRST_PAGE = [
  'Ward report, interview 3.',
  'The ward (east) was a multi-',
  'disciplinary team of nine nurses.',
];
/** 30 pages: page n (from 2) says which it is, so a jump can be checked to land on its page. */
const PAGES = [
  FIRST_PAGE,
  ...Array.from({ length: 29 }, (_, i) => [
    `Page ${i + 2} starts here.`,
    `Night shifts on page ${i + 2} were long.`,
  ]),
];

/** A PDF of pages of lines, 12 pt, one line every 16 pt from the top margin down. */
function linesPdf(pages: readonly (readonly string[])[]): Uint8Array {
  return buildPdf(
    pages.map((lines) => ({ texts: lines.map((text, n) => ({ x: 72, y: 720 - 16 * n, size: 12, text })) })),
  );
}

interface Coding {
  id: string;
  coder: string;
  start: number;
  end: number;
}

describe.skipIf(skipWithoutChromium('e2e PDF pages') || !SERVER_READS_PDF)(
  'PDF documents in the coding view',
  () => {
    const demo = useDemoInBrowser({});
    const member = (name: string) => demo.members.find((m) => m.name === name)!;
    const authors = () => member('Study authors');
    const synthetic = () => member('Synthetic coder (generated)');
    const supervisor = () => member('Demo supervisor');

    async function importPdf(name: string): Promise<Document> {
      const res = await upload<{ documents: Document[] }>(
        demo.server,
        `/api/projects/${demo.project.id}/documents/import`,
        [{ name, data: linesPdf(PAGES) }],
      );
      if (res.status !== 201)
        throw new Error(`PDF not imported (${res.status}): ${JSON.stringify(res.body)}`);
      return res.body.documents[0]!;
    }

    async function serverText(doc: Document): Promise<string> {
      const res = await demo.server.api<{ text: string }>(
        'GET',
        `/api/projects/${demo.project.id}/documents/${doc.id}/codings`,
      );
      return res.body.text;
    }

    async function codings(doc: Document, coder: string): Promise<Coding[]> {
      const res = await demo.server.api<{ codings: Coding[] }>(
        'GET',
        `/api/projects/${demo.project.id}/documents/${doc.id}/codings`,
      );
      return res.body.codings.filter((c) => c.coder === coder);
    }

    /** Waits until `coder` has `count` codings on the server (the layer syncs in the background). */
    async function codingsOnServer(doc: Document, coder: string, count: number): Promise<Coding[]> {
      for (;;) {
        const found = await codings(doc, coder);
        if (found.length >= count) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const pdfPages = (page: Page) => page.locator('cc-pdf-pages');
    const painted = (page: Page, n: number) =>
      pdfPages(page).locator(`.page[data-page="${n}"][data-painted]`);
    const item = (page: Page, n: number, text: string) =>
      painted(page, n).locator('[data-item]').filter({ hasText: text });

    async function openAs(
      who: { email: string; password: string },
      doc: Document,
      query = '',
    ): Promise<Page> {
      return signedInPage(
        demo.browser,
        demo.server.http,
        who,
        `/projects/${demo.project.id}/documents/${doc.id}${query}`,
      );
    }

    /** Drags the mouse from the start of `from`'s text to the end of `to`'s, as a reader selects. */
    async function dragSelect(page: Page, from: Locator, to: Locator): Promise<void> {
      const a = (await from.boundingBox())!;
      const b = (await to.boundingBox())!;
      await page.mouse.move(a.x + 1, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
      await page.mouse.move(b.x + b.width - 1, b.y + b.height / 2, { steps: 2 });
      await page.mouse.up();
    }

    async function pressAndWaitCoded(page: Page, key: string): Promise<void> {
      await page.keyboard.press(key);
      await page
        .getByTestId('coding-status')
        .filter({ hasText: /^\s*Coded/ })
        .waitFor();
    }

    it(
      'codes a passage selected on the page at the positions the text view gives it, and draws it there, live',
      { timeout: 120_000 },
      async () => {
        const doc = await importPdf('Ward report.pdf');
        const text = await serverText(doc);
        const passage = 'The ward (east) was a multidisciplinary team of nine nurses.';
        const start = text.indexOf(passage);
        expect(start).toBeGreaterThan(0);

        // Page view (the default for a PDF): select across the hyphenated line break.
        const onPage = await openAs(authors(), doc);
        const errors = pageErrors(onPage);
        await dragSelect(onPage, item(onPage, 1, 'The ward'), item(onPage, 1, 'disciplinary team'));
        await pdfPages(onPage).focus();
        await pressAndWaitCoded(onPage, '1');
        const [fromPage] = await codingsOnServer(doc, authors().id, 1);
        expect(text.slice(fromPage!.start, fromPage!.end)).toBe(passage);
        // The coding is drawn over the text it covers on the page.
        await painted(onPage, 1).locator(`.marks [data-coding="${fromPage!.id}"]`).first().waitFor();

        // The same passage selected in the text view by another coder: the same positions.
        const inText = await openAs(synthetic(), doc, '?view=text');
        const content = inText.locator('cc-transcript .cm-content');
        await content.getByText('disciplinary team of nine').waitFor();
        // With the keyboard, character by character (the passage's place as the server counts it).
        await content.focus();
        await inText.keyboard.press('Control+Home');
        for (let i = 0; i < start; i++) await inText.keyboard.press('ArrowRight');
        for (let i = 0; i < passage.length; i++) await inText.keyboard.press('Shift+ArrowRight');
        await pressAndWaitCoded(inText, '1');
        const [fromText] = await codingsOnServer(doc, synthetic().id, 1);
        expect({ start: fromText!.start, end: fromText!.end }).toEqual({
          start: fromPage!.start,
          end: fromPage!.end,
        });

        // The other coder's coding appears on the first coder's page without a reload.
        await painted(onPage, 1).locator(`.marks [data-coding="${fromText!.id}"]`).first().waitFor();

        // Clicking the coded words on the page lists the codings there, as in the text view.
        await item(onPage, 1, 'disciplinary team').click();
        await onPage.getByTestId('codings-here').locator(`[data-coding="${fromPage!.id}"]`).waitFor();
        expect(errors).toEqual([]);
      },
    );

    it(
      'keeps the place between page and text, opens a jump target on its page, and offers no text editing',
      { timeout: 120_000 },
      async () => {
        const doc = await importPdf('Night shifts.pdf');
        const text = await serverText(doc);
        const passage = 'Night shifts on page 25 were long.';
        const from = text.indexOf(passage);
        const to = from + passage.length;

        // A jump (as search and retrieval make) opens page 25, with the passage selected to code.
        const page = await openAs(supervisor(), doc, `?range=${from}-${to}`);
        const errors = pageErrors(page);
        await painted(page, 25).waitFor();
        await expect.poll(() => item(page, 25, passage).isVisible()).toBe(true);
        await pdfPages(page).focus();
        await pressAndWaitCoded(page, '2');
        const [jumped] = await codingsOnServer(doc, supervisor().id, 1);
        expect({ start: jumped!.start, end: jumped!.end }).toEqual({ start: from, end: to });

        // Switching to the text keeps the selection: the same passage is coded there with key 3.
        await dragSelect(page, item(page, 25, 'Page 25 starts'), item(page, 25, 'Page 25 starts'));
        await page.getByTestId('view-text').click();
        expect(page.url()).toContain('view=text');
        await page.locator('cc-transcript .cm-content').getByText('Page 25 starts here.').waitFor();
        await pressAndWaitCoded(page, '3');
        const coded = await codingsOnServer(doc, supervisor().id, 2);
        const inText = coded.find((c) => c.id !== jumped!.id)!;
        expect(text.slice(inText.start, inText.end)).toBe('Page 25 starts here.');

        // The owner is not offered editing for a PDF's text, and is told why once.
        expect(await page.getByRole('button', { name: 'Edit text' }).count()).toBe(0);
        expect(await textOf(page.getByTestId('pdf-read-only'))).toMatch(/cannot be edited/);

        // And back to the pages: page 25, where the selection is, is painted and in view.
        await page.getByTestId('view-page').click();
        await painted(page, 25).waitFor();
        await expect.poll(() => item(page, 25, 'Page 25 starts').isVisible()).toBe(true);
        expect(page.url()).toContain('view=page');
        expect(errors).toEqual([]);
      },
    );

    it(
      'the page view passes axe at 1280 and at 800 px, and nothing in it overflows sideways',
      { timeout: 120_000 },
      async () => {
        const doc = await importPdf('Accessible.pdf');
        const page = await openAs(authors(), doc);
        for (const viewport of [
          { width: 1280, height: 800 },
          { width: 800, height: 900 },
        ]) {
          await page.setViewportSize(viewport);
          await painted(page, 1).waitFor();
          expect(await seriousViolations(page)).toEqual([]);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
          );
          expect(overflow).toBe(false);
          // The page fits its column: it is no wider than the view it is shown in.
          const fits = await pdfPages(page).evaluate((host) => {
            const first = host.shadowRoot!.querySelector('.page')!;
            return first.getBoundingClientRect().width <= host.clientWidth;
          });
          expect(fits).toBe(true);
        }
      },
    );
  },
);
