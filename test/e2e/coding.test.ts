/**
 * Coding together in real browsers: a passage coded in one browser shows in another, presence,
 * keyboard-only coding, and a blind round hiding the other coder.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../shared/schemas.ts';
import {
  pageErrors,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  addDemoDocument,
  openDemoDocument,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e coding'))('coding together (browser)', () => {
  const demo = useDemoInBrowser({});
  const opened: Page[] = [];

  const member = (name: string) => demo.members.find((m) => m.name === name)!;
  const authors = () => member('Study authors');
  const synthetic = () => member('Synthetic coder (generated)');
  const supervisor = () => member('Demo supervisor');

  const newDocument = (title: string) => addDemoDocument(demo, title);

  /** Opens a document as a demo member in a fresh browser profile, once its text is shown. */
  async function open(who: { email: string; password: string }, doc: Document): Promise<Page> {
    const page = await openDemoDocument(demo, who, doc);
    opened.push(page);
    return page;
  }

  /** Marks of one layer in the transcript. */
  const marks = (page: Page, coder: string) =>
    page.locator(`cc-transcript .cm-content [data-coder="${coder}"]`);

  /** Selects the first `words` words of the transcript with the keyboard. */
  async function selectFirstWords(page: Page, words: number): Promise<void> {
    await page.locator('cc-transcript .cm-content').focus();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < words; i++) await page.keyboard.press('Control+Shift+ArrowRight');
  }

  it('shows a passage coded in one browser in another, with presence', { timeout: 90_000 }, async () => {
    const doc = await newDocument('Live coding');
    const a = await open(authors(), doc);
    const b = await open(synthetic(), doc);
    const errors = [...pageErrors(a), ...pageErrors(b)];
    // Each sees the other in the document.
    await b.getByTestId('presence').getByLabel(authors().name).waitFor();
    await a.getByTestId('presence').getByLabel(synthetic().name).waitFor();

    // Nothing of that layer is in the other page before the coding is made.
    expect(await marks(b, authors().id).count()).toBe(0);
    await selectFirstWords(a, 2);
    await a.keyboard.press('1');
    // The other coder's page shows it without a reload (how fast is the client benchmark's).
    await marks(b, authors().id).first().waitFor();
    expect(await textOf(a.getByTestId('coding-status'))).toMatch(/^Coded/);
    expect(await marks(a, authors().id).count()).toBeGreaterThan(0);
    expect(await marks(b, authors().id).first().textContent()).toBe('Interviewer:');

    // The coder's layer holds it on the server, in code points.
    const coded = await demo.server.api<{ codings: { coder: string; start: number; end: number }[] }>(
      'GET',
      `/api/projects/${demo.project.id}/documents/${doc.id}/codings`,
    );
    expect(coded.body.codings).toEqual([expect.objectContaining({ coder: authors().id, start: 0, end: 12 })]);
    expect(errors).toEqual([]);
  });

  it(
    'codes with the keyboard alone: select, find a code in the palette, apply, remove',
    { timeout: 90_000 },
    async () => {
      const doc = await newDocument('Keyboard coding');
      const page = await open(authors(), doc);
      await selectFirstWords(page, 4);
      await page.keyboard.press('/');
      await page.keyboard.type('clinical voice');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => textOf(page.getByTestId('coding-status')))
        .toBe('Coded “Ensuring clinical voice”.');
      // Focus went back to the text: the next quick code applies to the same selection.
      await page.keyboard.press('2');
      await expect.poll(() => textOf(page.getByTestId('coding-status'))).toBe('Coded “Underlying tensions”.');
      await expect.poll(() => page.getByTestId('codings-here').locator('li').count()).toBe(2);
      // Tab into the codings here and remove one.
      const remove = page.getByTestId('codings-here').getByRole('button', { name: 'Remove' }).first();
      await remove.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('codings-here').locator('li').count()).toBe(1);
    },
  );

  it(
    'hides the other coder in a blind round, and shows them again when it opens',
    { timeout: 90_000 },
    async () => {
      const doc = await newDocument('Blind round');
      const a = await open(authors(), doc);
      const b = await open(synthetic(), doc);
      await selectFirstWords(a, 2);
      await a.keyboard.press('1');
      await marks(b, authors().id).first().waitFor();

      const blind = await demo.server.api(
        'PATCH',
        `/api/projects/${demo.project.id}`,
        { blind: true },
        supervisor().token,
      );
      expect(blind.status).toBe(200);
      try {
        // The server closes the other coder's layer; its marks and its entry in the list go.
        await expect.poll(() => marks(b, authors().id).count(), { timeout: 15_000 }).toBe(0);
        await expect
          .poll(() => b.getByTestId('layers').locator(`[data-layer="${authors().id}"]`).count(), {
            timeout: 15_000,
          })
          .toBe(0);
        // Coding on during the round reaches nobody else, and a fresh page does not show it either.
        await selectFirstWords(a, 6);
        await a.keyboard.press('2');
        await expect.poll(() => textOf(a.getByTestId('coding-status'))).toMatch(/^Coded/);
        const fresh = await b.context().newPage();
        await fresh.goto(`${demo.server.http}/projects/${demo.project.id}/documents/${doc.id}`);
        await fresh.locator('cc-transcript .cm-content').getByText('We lost the garden').waitFor();
        await fresh.getByTestId('layers').locator(`[data-layer="${synthetic().id}"]`).waitFor();
        expect(await marks(fresh, authors().id).count()).toBe(0);
        expect(await textOf(fresh.getByTestId('layers'))).not.toContain(authors().name);
        // The coder still codes their own layer.
        await selectFirstWords(fresh, 3);
        await fresh.keyboard.press('3');
        await marks(fresh, synthetic().id).first().waitFor();
        await fresh.close();
      } finally {
        await demo.server.api(
          'PATCH',
          `/api/projects/${demo.project.id}`,
          { blind: false },
          supervisor().token,
        );
      }
      // Open again: the page that lost the other coder's layer gets it back, with the coding made
      // during the round, without a reload.
      await expect.poll(() => marks(b, authors().id).count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect
        .poll(
          async () =>
            new Set(
              await marks(b, authors().id).evaluateAll((els) =>
                els.map((e) => e.getAttribute('data-coding')),
              ),
            ).size,
          {
            timeout: 20_000,
          },
        )
        .toBe(2);
    },
  );
});
