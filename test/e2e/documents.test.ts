/**
 * The documents table in a real browser, as a reviewer: labelled progress bars, renaming inline,
 * editing an attribute in the attributes view, filtering by text and by attribute, sorting, and
 * deleting after a confirmation — after which the document is gone from the table and from a
 * codings export. The page passes axe and does not scroll sideways at 800 px.
 */
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { download } from '../helpers/transfer.ts';
import { seriousViolations } from './axe.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  type DemoMember,
  type E2eBrowser,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e documents'))('documents table (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  const listed = async () =>
    (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;

  it(
    'renames, edits an attribute, filters, sorts and deletes with confirmation',
    { timeout: 180_000 },
    async () => {
      const reviewer = members.find((m) => m.role === 'reviewer')!;
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(page, server.http, reviewer.email, reviewer.password, `/projects/${project.id}`);
      const table = page.getByTestId('documents');
      const rows = table.locator('tbody tr');
      const docs = await listed();
      await expect.poll(() => rows.count()).toBe(docs.length);

      // Progress bars say what they show, in words and to assistive technology.
      const bar = table.getByRole('progressbar').first();
      await bar.waitFor();
      expect(await bar.getAttribute('aria-label')).toMatch(/: \d+% coded · \d+ codings?( · done)?$/);
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
      // The cell shows them compactly ("37% · 2"); the full words are its tooltip.
      const progressCell = table.locator('td[data-coder]').first();
      expect(await textOf(progressCell)).toMatch(/^\d+% · \d+( ✓)?$/);
      expect(await progressCell.locator('.label').getAttribute('title')).toMatch(
        /^\d+% coded · \d+ codings?( · done)?$/,
      );

      // Rename inline.
      const first = docs[0]!;
      await page.getByRole('button', { name: `Rename ${first.title}`, exact: true }).click();
      const input = page.getByLabel(`New title for ${first.title}`, { exact: true });
      await input.fill('Ward manager interview');
      await input.press('Enter');
      await expect
        .poll(() => textOf(page.getByTestId('project-message')))
        .toBe(`Renamed “${first.title}” to “Ward manager interview”.`);
      await expect
        .poll(async () => (await listed()).find((d) => d.id === first.id)?.title)
        .toBe('Ward manager interview');
      await table.getByRole('link', { name: 'Ward manager interview' }).waitFor();

      // An empty title is refused at the field, in words.
      await page.getByRole('button', { name: 'Rename Ward manager interview' }).click();
      await page.getByLabel('New title for Ward manager interview').fill('  ');
      await page.getByLabel('New title for Ward manager interview').press('Enter');
      await expect.poll(() => textOf(table.getByRole('alert'))).toBe('Give the document a title.');
      await page.getByLabel('New title for Ward manager interview').press('Escape');

      // Attributes: add a column and fill one cell.
      await page.getByTestId('toggle-attributes').click();
      await page.getByTestId('new-attribute').fill('interviewer');
      await page.getByRole('button', { name: 'Add column' }).click();
      const cell = page.getByLabel('interviewer of Ward manager interview');
      await cell.fill('XQ-7');
      await cell.press('Tab');
      await expect
        .poll(async () => (await listed()).find((d) => d.id === first.id)?.attributes.interviewer)
        .toBe('XQ-7');

      // Filter by text (attribute values count), then by attribute.
      await page.getByTestId('document-filter').fill('xq-7');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getAttribute('data-document')).toBe(first.id);
      await page.getByTestId('document-filter').fill('');
      await expect.poll(() => rows.count()).toBe(docs.length);
      // A second interviewer, so the attribute has two values to tell apart.
      const other = docs.find((d) => d.id !== first.id)!;
      const otherCell = page.getByLabel(`interviewer of ${other.title}`);
      await otherCell.fill('AB-1');
      await otherCell.press('Tab');
      await expect
        .poll(async () => (await listed()).find((d) => d.id === other.id)?.attributes.interviewer)
        .toBe('AB-1');
      // Choosing the attribute starts at "any value": every document that has it, not its first value.
      await page.getByTestId('attribute-filter-name').selectOption('interviewer');
      await expect.poll(() => rows.count()).toBe(2);
      const value = page.getByTestId('attribute-filter-value');
      expect(await value.inputValue()).toBe('');
      expect(await textOf(value.locator('option:checked'))).toBe('any value');
      await value.selectOption('XQ-7');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getAttribute('data-document')).toBe(first.id);
      await value.selectOption('');
      await expect.poll(() => rows.count()).toBe(2);
      // The pickers are named by their labels alone, not with the option shown in them.
      for (const name of ['Attribute', 'Attribute value', 'Sort by'])
        expect(await page.getByRole('combobox', { name, exact: true }).count(), name).toBe(1);
      await page.getByTestId('attribute-filter-name').selectOption('');
      await expect.poll(() => rows.count()).toBe(docs.length);

      // Sort by title, both ways.
      const titles = () => table.locator('tbody tr td.title a').allTextContents();
      const now = (await listed()).map((d) => d.title);
      const byTitle = [...now].sort(
        new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare,
      );
      await page.getByTestId('document-sort').selectOption('title');
      await expect.poll(titles).toEqual(byTitle);
      await page.getByTestId('sort-direction').click();
      await expect.poll(titles).toEqual([...byTitle].reverse());
      // Sort by progress of a chosen coder: the coder picker appears.
      await page.getByTestId('document-sort').selectOption('progress');
      await page.getByTestId('sort-coder').waitFor();

      // The page with the table and attributes passes axe, and nothing scrolls sideways at 800 px.
      expect(await seriousViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 800, height: 900 });
      await expect
        .poll(() =>
          page.locator('cc-project-page').evaluate((host) => {
            const wrap = host.shadowRoot!.querySelector<HTMLElement>('.wrap')!;
            return {
              page: document.documentElement.scrollWidth,
              host: host.scrollWidth - host.clientWidth,
              wrap: wrap.scrollWidth - wrap.clientWidth,
            };
          }),
        )
        .toEqual({ page: 800, host: 0, wrap: 0 });

      // Delete, after a confirmation that names what is lost.
      const victim = (await listed()).find((d) => d.id !== first.id)!;
      // A coder has it open meanwhile.
      const coder = members.find((m) => m.role === 'coder')!;
      const coderContext = await browser.newContext();
      const coderPage = await coderContext.newPage();
      await signIn(
        coderPage,
        server.http,
        coder.email,
        coder.password,
        `/projects/${project.id}/documents/${victim.id}`,
      );
      await coderPage.locator('cc-transcript .cm-content').waitFor();
      // The confirmation is a modal dialog that takes the focus (on Cancel), wherever the row
      // was; Escape closes it and gives the focus back to the row's Delete button.
      const deleteButton = page.getByRole('button', { name: `Delete ${victim.title}…`, exact: true });
      await deleteButton.click();
      const dialog = page.getByRole('alertdialog');
      await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b.matches(':focus'))).toBe(
        true,
      );
      const box = (await dialog.boundingBox())!;
      const viewport = page.viewportSize()!;
      expect(box.y >= 0 && box.y + box.height <= viewport.height).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await deleteButton.evaluate((b) => b.matches(':focus'))).toBe(true);
      await deleteButton.click();
      expect(await textOf(dialog)).toContain(`Delete “${victim.title}”?`);
      expect(await textOf(dialog)).toContain("every coder's codings on it");
      expect(await textOf(dialog)).toContain('and the consensus');
      expect(await seriousViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Delete the document and its codings' }).click();
      await expect.poll(() => rows.count()).toBe(docs.length - 1);
      expect(await table.getByRole('link', { name: victim.title, exact: true }).count()).toBe(0);
      expect((await listed()).map((d) => d.id)).not.toContain(victim.id);
      const csv = (await download(server, `/api/projects/${project.id}/export/codings.csv`)).body.toString(
        'utf8',
      );
      expect(csv).toContain('Ward manager interview');
      expect(csv).not.toContain(victim.title);
      // The coder's open view says what happened.
      await expect
        .poll(() => textOf(coderPage.getByTestId('document-deleted')))
        .toBe('This document was deleted, with its codings. Back to the project');
      await coderContext.close();
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    'shows coders the table without rename, delete or editable attributes',
    { timeout: 120_000 },
    async () => {
      const coder = members.find((m) => m.role === 'coder')!;
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, server.http, coder.email, coder.password, `/projects/${project.id}`);
      const table = page.getByTestId('documents');
      await table.locator('tbody tr').first().waitFor();
      expect(await table.getByRole('button', { name: /^Rename / }).count()).toBe(0);
      expect(await table.getByRole('button', { name: /^Delete / }).count()).toBe(0);
      await page.getByTestId('toggle-attributes').click();
      expect(await table.locator('td.attribute input').count()).toBe(0);
      await context.close();
    },
  );
});
