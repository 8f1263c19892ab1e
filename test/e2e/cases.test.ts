/**
 * Typed attributes and cases in a real browser, as a reviewer on the demo project: a column made a
 * number (and a refused conversion shown at the column), a value entered in a number cell, the
 * column sorted numerically (not as text), and a case of two documents created and used to filter
 * the table. The page passes axe with the cases panel and typed cells showing.
 */
import { describe, expect, it } from 'vitest';
import type { Case, Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
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

describe.skipIf(skipWithoutChromium('e2e cases'))('cases and typed attributes (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  const listed = async () =>
    (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
  const typeOf = async (name: string) =>
    (
      await server.api<{ attributes: { name: string; type: string }[] }>(
        'GET',
        `/api/projects/${project.id}/attributes`,
      )
    ).body.attributes.find((a) => a.name === name)?.type;

  it(
    'types a column as number, sorts it numerically, and filters by a case of two documents',
    { timeout: 180_000 },
    async () => {
      const docs = await listed();
      expect(docs.length).toBeGreaterThanOrEqual(3);
      const [a, b, c] = docs as [Document, Document, Document];
      // As text these order 10.25 < 10.5 < 9 would not hold: numeric collation reads "10.5" as
      // after "10.25" (5 < 25), so only a numeric sort gives c, b, a below.
      for (const [d, score] of [
        [a, '10.5'],
        [b, '10.25'],
      ] as const) {
        const res = await server.api('PATCH', `/api/projects/${project.id}/documents/${d.id}`, {
          attributes: { ...d.attributes, score },
        });
        expect(res.status).toBe(200);
      }

      const reviewer = members.find((m) => m.role === 'reviewer')!;
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(page, server.http, reviewer.email, reviewer.password, `/projects/${project.id}`);
      const table = page.getByTestId('documents');
      const rows = table.locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(docs.length);
      await page.getByTestId('toggle-attributes').click();

      // The type menus name the types as the help does: "yes/no", not "boolean".
      expect(
        await page
          .getByLabel('Type of site', { exact: true })
          .locator('option')
          .evaluateAll((options) => options.map((o) => o.textContent?.trim())),
      ).toEqual(['text', 'number', 'date', 'yes/no']);
      // At 1280 px with the attributes shown, a row's Rename and Delete are in view without
      // scrolling sideways, and not under another column.
      const actionsInView = () =>
        page.locator('cc-document-table').evaluate((host) => {
          const box = host.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
          box.scrollLeft = 0;
          const b = box.getBoundingClientRect();
          return [...box.querySelectorAll<HTMLElement>('tbody tr:first-child td.actions button')].map(
            (button) => {
              const r = button.getBoundingClientRect();
              const hit = host.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && button.contains(hit);
            },
          );
        });
      await table.locator('td.attribute').first().waitFor();
      expect(await actionsInView()).toEqual([true, true]);

      // A column whose values are not numbers cannot become one: the refusal shows at the column.
      await page.getByLabel('Type of site', { exact: true }).selectOption('number');
      await expect
        .poll(() => textOf(table.locator('th[data-attribute="site"] [data-testid="type-error"]')))
        .toMatch(/values of “site” cannot be a number/);
      expect(await typeOf('site')).toBe('text');
      expect(await page.getByLabel('Type of site', { exact: true }).inputValue()).toBe('text');

      // Make score a number; its cells become number inputs.
      await page.getByLabel('Type of score', { exact: true }).selectOption('number');
      await expect.poll(() => typeOf('score')).toBe('number');
      const cell = page.getByLabel(`score of ${c.title}`, { exact: true });
      await expect.poll(() => cell.getAttribute('type')).toBe('number');
      await cell.fill('9.75');
      await cell.press('Tab');
      await expect
        .poll(async () => (await listed()).find((d) => d.id === c.id)?.attributes.score)
        .toBe('9.75');

      // Sorting by score is numeric: 9.75, 10.25, 10.5, then documents without a score.
      await page.getByRole('button', { name: 'Sort by score', exact: true }).click();
      const order = async () =>
        (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-document')))).slice(0, 3);
      await expect.poll(order).toEqual([c.id, b.id, a.id]);
      // Only the column that sorts shows a direction, and "Sort by" names the attribute.
      const sortMenu = page.getByTestId('document-sort');
      const sortShown = () =>
        sortMenu.evaluate((menu: HTMLSelectElement) => menu.selectedOptions[0]?.textContent?.trim());
      expect(await textOf(table.locator('th[data-attribute="score"] [data-testid="sort-attribute"]'))).toBe(
        'score ▲',
      );
      expect(await textOf(table.getByRole('button', { name: 'Sort by date added', exact: true }))).toBe(
        'Date added',
      );
      await expect.poll(sortShown).toBe('score (attribute)');
      await page.getByRole('button', { name: 'Sort by score, now ascending' }).click();
      await expect.poll(order).toEqual([a.id, b.id, c.id]);
      // Back to a fixed column from the menu: the attribute's mark goes, the column's comes back.
      await sortMenu.selectOption({ label: 'Date added' });
      await expect
        .poll(() => textOf(table.locator('th[data-attribute="score"] [data-testid="sort-attribute"]')))
        .toBe('score');
      await expect
        .poll(() => textOf(table.getByRole('button', { name: /^Sort by date added, now/ })))
        .toMatch(/^Date added [▲▼]$/);
      // And to an attribute from the menu.
      await sortMenu.selectOption({ label: 'score (attribute)' });
      await expect
        .poll(() => textOf(table.locator('th[data-attribute="score"] [data-testid="sort-attribute"]')))
        .toMatch(/^score [▲▼]$/);
      await expect.poll(sortShown).toBe('score (attribute)');

      // A case of two documents, then the table narrowed to it.
      const form = page.getByTestId('new-case');
      await form.getByTestId('case-name').fill('Participant 1');
      await form.getByTestId('case-documents').selectOption([a.id, c.id]);
      await form.getByRole('button', { name: 'Create case' }).click();
      await expect
        .poll(async () =>
          (await server.api<{ cases: Case[] }>('GET', `/api/projects/${project.id}/cases`)).body.cases.map(
            (k) => [k.name, k.documentIds],
          ),
        )
        .toEqual([['Participant 1', docs.filter((d) => d.id === a.id || d.id === c.id).map((d) => d.id)]]);
      const listedCase = page.getByTestId('cases').locator('li[data-case]');
      await expect
        .poll(() => textOf(listedCase))
        .toContain(`Participant 1 — 2 documents: ${a.title}, ${c.title}`);
      await page.getByTestId('case-filter').selectOption({ label: 'Participant 1' });
      await expect.poll(() => rows.count()).toBe(2);
      expect(
        (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-document')))).sort(),
      ).toEqual([a.id, c.id].sort());
      await page.getByTestId('case-filter').selectOption({ label: 'any' });
      await expect.poll(() => rows.count()).toBe(docs.length);

      expect(await seriousViolations(page)).toEqual([]);
      // The only error the page logged is the refused conversion, which it showed at the column.
      expect(errors).toEqual([expect.stringMatching(/status of 400 .*\/attributes\/site\)$/)]);
      await context.close();
    },
  );
});
