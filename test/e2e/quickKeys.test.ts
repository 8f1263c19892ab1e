/**
 * Quick keys in a real browser: each code in the palette shows its key, a codebook revision moves
 * no key (a new code waits for a free one), the keys survive a reload, and when a key does come to
 * apply another code (its code was removed) the coding view says so.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { codesMap, putCode, readCodebook } from '../../shared/model/codebook.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  type DemoMember,
  type E2eBrowser,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e quick keys'))('quick keys (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  /** The palette's keys as shown: code name → key. */
  async function shownKeys(page: Page): Promise<Map<string, string>> {
    const rows = page.getByTestId('code-palette').locator('li');
    const out = new Map<string, string>();
    for (const row of await rows.all()) {
      const key = row.locator('.key');
      if ((await key.count()) === 0) continue;
      out.set((await textOf(row.locator('span').nth(1))).trim(), (await textOf(key)).trim());
    }
    return out;
  }

  it(
    'keeps every key on its code when a code is added, across reloads, and announces a freed key',
    { timeout: 120_000 },
    async () => {
      const coder = members.find((m) => m.name === 'Synthetic coder (generated)')!;
      const doc = (
        await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
          title: 'Quick keys',
          text: 'Nurse: Nobody rang the families before discharge.',
        })
      ).body;
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(
        page,
        server.http,
        coder.email,
        coder.password,
        `/projects/${project.id}/documents/${doc.id}`,
      );
      await page.locator('cc-transcript .cm-content').getByText('Nobody rang').waitFor();
      await expect.poll(async () => (await shownKeys(page)).size).toBe(9);
      const before = await shownKeys(page);
      expect([...before.values()].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);

      // A reviewer adds a code at the top of the first theme, ahead of every key's code.
      const editor = connect(server.ws, roomName.codebook(project.id), server.token);
      try {
        await synced(editor);
        const codes = readCodebook(editor.doc).codes;
        const theme = codes.find((c) => c.parentId === null)!;
        const firstChild = codes.find((c) => c.parentId === theme.id)!;
        putCode(editor.doc, {
          id: 'discharge-coordination',
          name: 'Discharge coordination',
          parentId: theme.id,
          color: '#1b9e77',
          description: '',
          order: firstChild.order - 1,
        });
        await page.getByTestId('code-palette').getByText('Discharge coordination').waitFor();
        // Every key still applies its code; the new code waits (all nine keys are taken).
        expect(await shownKeys(page)).toEqual(before);

        // The key a coder learnt applies the same code.
        const [threeName] = [...before].find(([, key]) => key === '3')!;
        await page.locator('cc-transcript .cm-content').focus();
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('Control+Shift+ArrowRight');
        await page.keyboard.press('3');
        await expect.poll(() => textOf(page.getByTestId('coding-status'))).toBe(`Coded “${threeName}”.`);

        // After a reload the keys are the same, and nothing is announced.
        await page.reload();
        await page.locator('cc-transcript .cm-content').getByText('Nobody rang').waitFor();
        await expect.poll(async () => (await shownKeys(page)).size).toBe(9);
        expect(await shownKeys(page)).toEqual(before);
        expect(await page.getByTestId('quick-keys-changed').count()).toBe(0);

        // The code on key 2 is removed: the waiting code takes key 2, and the coder is told.
        const [twoName] = [...before].find(([, key]) => key === '2')!;
        const two = readCodebook(editor.doc).codes.find((c) => c.name === twoName)!;
        codesMap(editor.doc).delete(two.id);
        await expect
          .poll(() => textOf(page.getByTestId('quick-keys-changed')))
          .toContain(
            `Quick keys changed: 2 now applies “Discharge coordination” (it applied “${twoName}”, which was removed).`,
          );
        const after = await shownKeys(page);
        expect(after.get('Discharge coordination')).toBe('2');
        for (const [name, key] of before) if (name !== twoName) expect(after.get(name)).toBe(key);
        expect(pageErrors(page)).toEqual([]);
      } finally {
        closeAll([editor]);
        await context.close();
      }
    },
  );
});
