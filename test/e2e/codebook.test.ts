/** The codebook page: live renames, moves in the tree, and merging codes. */
import { describe, expect, it } from 'vitest';
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
});
