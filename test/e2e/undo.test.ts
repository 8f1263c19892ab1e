/**
 * Undo in the coding view, in real browsers against a real server: Ctrl+Z takes back an apply and
 * Ctrl+Shift+Z brings it back (the server's layer follows), removing a coding offers "Undo" in a
 * notice that restores it, the toolbar says what will be undone, and a second coder's concurrent
 * coding is never undone by the first coder's Ctrl+Z.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Document } from '../../shared/schemas.ts';
import { seriousViolations } from './axe.ts';
import {
  pageErrors,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  addDemoDocument,
  openDemoDocument,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e undo'))('undo in the coding view (browser)', () => {
  const demo = useDemoInBrowser({});
  const opened: Page[] = [];
  afterAll(async () => {
    for (const page of opened) await page.context().close();
  });

  const member = (name: string) => demo.members.find((m) => m.name === name)!;

  const newDocument = (title: string) => addDemoDocument(demo, title);

  async function open(who: { email: string; password: string }, doc: Document): Promise<Page> {
    const page = await openDemoDocument(demo, who, doc);
    opened.push(page);
    return page;
  }

  /** Selects `words` words from the start of the paragraph holding `text`, with the keyboard. */
  async function selectWords(page: Page, words: number, from = 'Interviewer: How'): Promise<void> {
    await page.locator('cc-transcript .cm-content').getByText(from).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < words; i++) await page.keyboard.press('Control+Shift+ArrowRight');
  }

  /** The codings of one layer on the server: code, start and memo. */
  async function serverCodings(
    doc: Document,
    coder: string,
  ): Promise<{ codeId: string; start: number; memo: string }[]> {
    const res = await demo.server.api<{
      codings: { coder: string; code: string; start: number; memo: string }[];
    }>('GET', `/api/projects/${demo.project.id}/documents/${doc.id}/codings`);
    return res.body.codings
      .filter((c) => c.coder === coder)
      .map(({ code, start, memo }) => ({ codeId: code, start, memo }));
  }

  it('undoes and redoes an apply and a remove', { timeout: 120_000 }, async () => {
    const authors = member('Study authors');
    const doc = await newDocument('Undo apply');
    const page = await open(authors, doc);
    const errors = pageErrors(page);
    const undo = page.getByTestId('undo');
    const redo = page.getByTestId('redo');
    expect(await undo.isDisabled()).toBe(true);
    expect(await undo.getAttribute('title')).toBe('Nothing to undo');

    await selectWords(page, 2);
    await page.keyboard.press('1');
    await expect.poll(() => textOf(page.getByTestId('coding-status'))).toMatch(/^Coded “(.+)”\.$/);
    const codeName = /^Coded “(.+)”\.$/.exec(await textOf(page.getByTestId('coding-status')))![1]!;
    await expect.poll(() => serverCodings(doc, authors.id).then((c) => c.length)).toBe(1);
    expect(await undo.getAttribute('title')).toBe(`Undo coding “${codeName}” applied (Ctrl+Z)`);

    // Ctrl+Z in the transcript takes the coding back, on the server too.
    await page.keyboard.press('Control+z');
    await expect.poll(() => serverCodings(doc, authors.id)).toEqual([]);
    expect(await textOf(page.getByTestId('coding-status'))).toBe(`Undone: coding “${codeName}” applied.`);
    expect(await undo.isDisabled()).toBe(true);
    expect(await redo.getAttribute('title')).toBe(`Redo coding “${codeName}” applied (Ctrl+Shift+Z)`);

    // Ctrl+Shift+Z brings it back.
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => serverCodings(doc, authors.id).then((c) => c.length)).toBe(1);
    expect(await redo.isDisabled()).toBe(true);

    // Removing shows a notice whose Undo restores the coding.
    await expect.poll(() => page.getByTestId('codings-here').locator('li').count()).toBe(1);
    const transcriptTop = async () => (await page.locator('cc-transcript').boundingBox())!.y;
    const topBefore = await transcriptTop();
    await page.getByTestId('codings-here').getByRole('button', { name: 'Remove' }).click();
    const notice = page.getByTestId('removed-notice');
    await expect.poll(() => textOf(notice)).toBe(`Removed ‘${codeName}’ from “Interviewer:”. Undo`);
    // The notice is a toast over the page: the transcript stays where it was.
    expect(await notice.getAttribute('role')).toBe('status');
    expect(await transcriptTop()).toBe(topBefore);
    await expect.poll(() => serverCodings(doc, authors.id)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    // Its Undo is reached from the keyboard.
    await notice.getByRole('button', { name: 'Undo' }).focus();
    expect(await notice.getByRole('button', { name: 'Undo' }).evaluate((b) => b.matches(':focus'))).toBe(
      true,
    );
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => serverCodings(doc, authors.id).then((c) => c.length)).toBe(1);
    await expect.poll(() => notice.count()).toBe(0);

    // The toolbar buttons redo and undo the removal as well.
    await redo.click();
    await expect.poll(() => serverCodings(doc, authors.id)).toEqual([]);
    await undo.click();
    await expect.poll(() => serverCodings(doc, authors.id).then((c) => c.length)).toBe(1);

    // A change of code and a memo are steps too; the toolbar says which comes back.
    const [before] = await serverCodings(doc, authors.id);
    const recode = page.getByTestId('codings-here').getByLabel('Code of this coding');
    const other = (
      await recode.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    ).find((id) => id !== before!.codeId)!;
    await recode.selectOption(other);
    await expect.poll(async () => (await serverCodings(doc, authors.id))[0]?.codeId).toBe(other);
    await page.getByTestId('codings-here').getByLabel('Memo').fill('Said with some regret');
    await expect.poll(() => undo.getAttribute('title')).toMatch(/^Undo memo on “.+” \(Ctrl\+Z\)$/);
    await expect
      .poll(async () => (await serverCodings(doc, authors.id))[0]?.memo)
      .toBe('Said with some regret');
    await undo.click();
    await expect.poll(async () => (await serverCodings(doc, authors.id))[0]?.memo).toBe('');
    expect(await undo.getAttribute('title')).toMatch(/^Undo code changed to “.+” \(Ctrl\+Z\)$/);
    await undo.click();
    await expect.poll(async () => (await serverCodings(doc, authors.id))[0]?.codeId).toBe(before!.codeId);

    // With the undo buttons in it, the toolbar still fits at 800 px: nothing scrolls sideways.
    await page.setViewportSize({ width: 800, height: 900 });
    await expect
      .poll(() =>
        page.locator('cc-coding-view').evaluate((host) => {
          const toolbar = host.shadowRoot!.querySelector<HTMLElement>('.toolbar')!;
          return {
            page: document.documentElement.scrollWidth,
            toolbar: toolbar.scrollWidth - toolbar.clientWidth,
          };
        }),
      )
      .toEqual({ page: 800, toolbar: 0 });
    expect(errors).toEqual([]);
  });

  it(
    "undoes a reviewer's own consensus codings only, never another reviewer's",
    { timeout: 120_000 },
    async () => {
      const supervisor = member('Demo supervisor');
      const other = await demo.server.user('Second reviewer');
      expect(
        (
          await demo.server.api('POST', `/api/projects/${demo.project.id}/members`, {
            userId: other.user.id,
            role: 'reviewer',
          })
        ).status,
      ).toBe(201);
      const doc = await newDocument('Undo in the consensus');
      const a = await open(supervisor, doc);
      const b = await open({ email: other.user.email, password: other.password }, doc);
      for (const page of [a, b]) await page.getByTestId('target-layer').selectOption('consensus');

      await selectWords(a, 2);
      await a.keyboard.press('1');
      await expect.poll(() => serverCodings(doc, 'consensus').then((c) => c.length)).toBe(1);
      await selectWords(b, 2, 'Nurse: We lost');
      await b.keyboard.press('2');
      await expect.poll(() => serverCodings(doc, 'consensus').then((c) => c.length)).toBe(2);
      const theirs = (await serverCodings(doc, 'consensus')).find((c) => c.start > 0)!;

      await a.locator('cc-transcript .cm-content').focus();
      await a.keyboard.press('Control+z');
      await expect.poll(() => serverCodings(doc, 'consensus')).toEqual([theirs]);
      await a.keyboard.press('Control+z');
      await expect.poll(() => textOf(a.getByTestId('coding-status'))).toBe('Nothing to undo.');
      expect(await serverCodings(doc, 'consensus')).toEqual([theirs]);
    },
  );

  it("never undoes another coder's concurrent coding", { timeout: 120_000 }, async () => {
    const authors = member('Study authors');
    const synthetic = member('Synthetic coder (generated)');
    const doc = await newDocument('Undo among coders');
    const a = await open(authors, doc);
    const b = await open(synthetic, doc);

    await selectWords(a, 2);
    await a.keyboard.press('1');
    await expect.poll(() => serverCodings(doc, authors.id).then((c) => c.length)).toBe(1);
    // The second coder codes after the first, in their own layer; the first sees it arrive.
    await selectWords(b, 2, 'Nurse: We lost');
    await b.keyboard.press('2');
    await expect.poll(() => serverCodings(doc, synthetic.id).then((c) => c.length)).toBe(1);
    await a.locator(`cc-transcript .cm-content [data-coder="${synthetic.id}"]`).first().waitFor();

    // The first coder's Ctrl+Z undoes their own apply only, twice over.
    await a.locator('cc-transcript .cm-content').focus();
    await a.keyboard.press('Control+z');
    await expect.poll(() => serverCodings(doc, authors.id)).toEqual([]);
    await a.keyboard.press('Control+z');
    await expect.poll(() => textOf(a.getByTestId('coding-status'))).toBe('Nothing to undo.');
    expect(await serverCodings(doc, synthetic.id)).toHaveLength(1);
    // The second coder's own history is intact: they can still undo their step.
    expect(await b.getByTestId('undo').isDisabled()).toBe(false);
  });
});
