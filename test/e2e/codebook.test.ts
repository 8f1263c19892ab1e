/** The codebook page: live renames, moves in the tree, and merging codes. */
import { describe, expect, it } from 'vitest';
import { deltaE2000, hexToLab, MIN_SIBLING_DELTA_E } from '../../client/src/model/colors.ts';
import type { Code, Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e codebook'))('codebook (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));

  const codebook = async () => (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;

  it(
    'renames a code live for a coder, reorders with the keyboard, moves by drag and drop, merges',
    { timeout: 120_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const coder = members.find((m) => m.name === 'Study authors')!;
      const docs = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
      const editor = await (await browser.newContext()).newPage();
      const errors = pageErrors(editor);
      await signIn(
        editor,
        server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${project.id}/codebook`,
      );
      const coding = await (await browser.newContext()).newPage();
      await signIn(
        coding,
        server.http,
        coder.email,
        coder.password,
        `/projects/${project.id}/documents/${docs[0]!.id}`,
      );
      await coding.getByTestId('code-palette').waitFor();

      const before = await codebook();
      const theme = before.find((c) => c.parentId === null)!;
      const [first, second, third] = before.filter((c) => c.parentId === theme.id);
      const tree = editor.getByTestId('code-tree');
      await tree.locator(`[data-code="${first!.id}"]`).click();

      // Rename: the coder's palette follows as the name is typed.
      await editor.getByTestId('code-name').fill('Evidence, reviewed and presented');
      await coding
        .getByTestId('code-palette')
        .getByText('Evidence, reviewed and presented')
        .waitFor({ timeout: 5000 });
      // Frequencies arrive from the codings.
      await expect
        .poll(() => textOf(editor.getByTestId('code-frequency')))
        .toMatch(/codings? in \d+ documents?/);

      // Keyboard: Alt+↓ moves the code below its next sibling.
      await tree.locator(`[data-code="${first!.id}"]`).focus();
      await editor.keyboard.press('Alt+ArrowDown');
      await expect
        .poll(async () => (await codebook()).filter((c) => c.parentId === theme.id).map((c) => c.id))
        .toEqual([
          second!.id,
          first!.id,
          third!.id,
          ...before
            .filter((c) => c.parentId === theme.id)
            .slice(3)
            .map((c) => c.id),
        ]);

      // Drag the third code onto another theme: it becomes that theme's code.
      const otherTheme = before.filter((c) => c.parentId === null)[1]!;
      await tree.locator(`[data-code="${third!.id}"]`).dragTo(tree.locator(`[data-code="${otherTheme.id}"]`));
      await expect
        .poll(async () => (await codebook()).find((c) => c.id === third!.id)?.parentId)
        .toBe(otherTheme.id);

      // Merge the renamed code into its neighbour: codings are re-pointed and it leaves the codebook.
      await tree.locator(`[data-code="${first!.id}"]`).click();
      await editor.getByTestId('merge-target').selectOption(second!.id);
      await editor.getByRole('button', { name: 'Merge…' }).click();
      await editor.getByRole('button', { name: /^Merge \d+ codings into/ }).click();
      await expect
        .poll(() => textOf(editor.getByTestId('codebook-status')))
        .toMatch(/^Merged .* re-pointed\.$/);
      expect((await codebook()).some((c) => c.id === first!.id)).toBe(false);
      await expect
        .poll(() => coding.getByTestId('code-palette').getByText('Evidence, reviewed and presented').count())
        .toBe(0);
      expect(errors).toEqual([]);
    },
  );

  it(
    'counts themes and codes apart, gives new codes colours distinct from their siblings, and keeps Merge clear of the history at 1280×800',
    { timeout: 120_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await signIn(
        page,
        server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${project.id}/codebook`,
      );
      const counts = page.getByTestId('codebook-counts');
      const said = (codes: Code[]) => {
        const themes = codes.filter((c) => c.parentId === null).length;
        const rest = codes.length - themes;
        return `${themes} theme${themes === 1 ? '' : 's'}, ${rest} code${rest === 1 ? '' : 's'}`;
      };
      await expect.poll(() => textOf(counts)).toBe(said(await codebook()));

      // A new theme is counted as a theme, not a code; three codes under it differ in colour.
      const themesBefore = (await codebook()).filter((c) => c.parentId === null).length;
      await page.getByRole('button', { name: '+ Theme' }).click();
      await expect
        .poll(async () => (await codebook()).filter((c) => c.parentId === null).length)
        .toBe(themesBefore + 1);
      await expect.poll(() => textOf(counts)).toBe(said(await codebook()));
      expect(await textOf(counts)).toMatch(new RegExp(`^${themesBefore + 1} themes, `));
      for (let i = 0; i < 3; i += 1) {
        // A code is added under the selected entry's theme: select the new theme each time.
        const theme = (await codebook()).find((c) => c.name === 'New theme')!;
        await page.getByTestId('code-tree').locator(`[data-code="${theme.id}"]`).click();
        await page.getByRole('button', { name: '+ Code' }).click();
        await expect
          .poll(async () => (await codebook()).filter((c) => c.parentId === theme.id).length)
          .toBe(i + 1);
      }
      const all = await codebook();
      const theme = all.find((c) => c.name === 'New theme')!;
      const colors = all.filter((c) => c.parentId === theme.id).map((c) => hexToLab(c.color)!);
      for (const [i, a] of colors.entries())
        for (const b of colors.slice(i + 1))
          expect(deltaE2000(a, b)).toBeGreaterThanOrEqual(MIN_SIBLING_DELTA_E);
      await expect.poll(() => textOf(counts)).toBe(said(all));

      // With a code open, Merge is on screen once scrolled to and nothing covers it.
      const leaf = all.find((c) => c.parentId !== null && c.parentId !== theme.id)!;
      await page.getByTestId('code-tree').locator(`[data-code="${leaf.id}"]`).click();
      await page.getByTestId('merge-target').selectOption({ index: 1 });
      const merge = page.getByRole('button', { name: 'Merge…' });
      await merge.scrollIntoViewIfNeeded();
      const hit = await merge.evaluate((button) => {
        const box = button.getBoundingClientRect();
        let el: Element | null = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        while (el?.shadowRoot) {
          const inner = el.shadowRoot.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          if (!inner || inner === el) break;
          el = inner;
        }
        return { covered: el !== button, bottom: box.bottom, height: window.innerHeight };
      });
      expect(hit.covered).toBe(false);
      expect(hit.bottom).toBeLessThanOrEqual(hit.height);
      // The history is below the editor, never over it.
      const editorBottom = await page.getByTestId('code-name').evaluate((input) => {
        const form = input.closest('form') ?? input;
        return form.getBoundingClientRect().bottom;
      });
      const historyTop = (await page.getByTestId('codebook-history').boundingBox())!.y;
      expect(historyTop).toBeGreaterThanOrEqual(editorBottom);
      await context.close();
    },
  );
});
