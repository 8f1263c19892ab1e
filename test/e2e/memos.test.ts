/**
 * Memos in real browsers against a real server: an owner starts a memo from the memos page, a
 * coder opens it, both write at once and each sees the other's words and presence; the body is
 * stored; "Memo" in the coding view starts the coder's memo on that document; the page passes axe.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoList, MemoView } from '../../shared/memos/schemas.ts';
import { putCode } from '../../shared/model/codebook.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  launchBrowser,
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  type E2eBrowser,
} from './browser.ts';

const PASSWORD = 'test-password-123';
/** How soon someone who opens a memo shows to the others there. */
const PROMPT_MS = 8_000;

describe.skipIf(skipWithoutChromium('e2e memos'))('memos (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.destroy();
  });

  const memoText = (page: Page) => textOf(page.locator('cc-memo-editor .cm-content'));

  it(
    'two people write one memo at once and see each other’s text and presence',
    { timeout: 180_000 },
    async () => {
      const owner = await server.user('Olive Owner');
      const coder = await server.user('Cora Coder');
      const project = (
        await server.api<Project>('POST', '/api/projects', { name: 'Ward memos' }, owner.token)
      ).body;
      const doc = (
        await server.api<Document>(
          'POST',
          `/api/projects/${project.id}/documents`,
          { title: 'Interview 1', text: 'Night shifts are long.\nWe talk a lot.' },
          owner.token,
        )
      ).body;
      await server.api(
        'POST',
        `/api/projects/${project.id}/members`,
        { userId: coder.user.id, role: 'coder' },
        server.token,
      );
      await server.app.registry.change(roomName.codebook(project.id), (d) =>
        putCode(d, {
          id: 'shifts',
          name: 'Shifts',
          parentId: null,
          color: '#336699',
          description: '',
          order: 0,
        }),
      );

      const ownerPage = await (await browser.newContext()).newPage();
      const coderPage = await (await browser.newContext()).newPage();
      const errors = [...[ownerPage, coderPage].map(pageErrors)];
      await signIn(ownerPage, server.http, owner.user.email, PASSWORD, `/projects/${project.id}`);
      await ownerPage.getByRole('link', { name: 'Memos' }).click();
      await ownerPage.getByTestId('memo-list-empty').waitFor();
      await ownerPage.getByTestId('new-memo').click();
      await ownerPage.getByTestId('memo-editor').waitFor();
      await ownerPage.getByTestId('memo-title').fill('Shift patterns');
      await ownerPage.getByTestId('memo-title').press('Enter');
      await ownerPage.getByTestId('memo-title').blur();
      const memoPath = new URL(ownerPage.url()).pathname;
      const memoId = memoPath.split('/').at(-1)!;
      await expect
        .poll(
          async () =>
            (await server.api<MemoView>('GET', `/api/projects/${project.id}/memos/${memoId}`)).body.title,
        )
        .toBe('Shift patterns');
      // Linked to the code through the picker.
      await ownerPage.getByText('Linked codes: none').click();
      await ownerPage.getByLabel('Shifts').check();
      await expect
        .poll(
          async () =>
            (await server.api<MemoView>('GET', `/api/projects/${project.id}/memos/${memoId}`)).body.links
              .codes,
        )
        .toEqual(['shifts']);

      await signIn(coderPage, server.http, coder.user.email, PASSWORD, memoPath);
      await coderPage.getByTestId('memo-editor').waitFor();
      await expect.poll(() => coderPage.getByTestId('memo-title').inputValue()).toBe('Shift patterns');
      // Each sees the other there.
      await ownerPage.getByTestId('memo').getByLabel('Cora Coder').waitFor();
      await coderPage.getByTestId('memo').getByLabel('Olive Owner').waitFor();

      // Both type at the same time, on lines of their own: two people typing at one spot at once
      // interleave their letters, as any shared editor does, so the owner opens a second line first.
      await ownerPage.locator('cc-memo-editor .cm-content').click();
      await ownerPage.keyboard.press('Enter');
      await expect.poll(() => coderPage.locator('cc-memo-editor .cm-line').count()).toBe(2);
      await Promise.all([
        (async () => {
          await ownerPage.locator('cc-memo-editor .cm-content').click();
          await ownerPage.keyboard.press('Control+End');
          await ownerPage.keyboard.type('Owners see rota gaps. ', { delay: 15 });
        })(),
        (async () => {
          await coderPage.locator('cc-memo-editor .cm-content').click();
          await coderPage.keyboard.press('Control+Home');
          await coderPage.keyboard.type('Coders hear about fatigue. ', { delay: 15 });
        })(),
      ]);
      for (const page of [ownerPage, coderPage]) {
        await expect.poll(() => memoText(page)).toContain('Owners see rota gaps.');
        await expect.poll(() => memoText(page)).toContain('Coders hear about fatigue.');
      }
      // Remote cursors carry the writer's name.
      await expect
        .poll(() => textOf(ownerPage.locator('cc-memo-editor .cm-ySelectionInfo')))
        .toBe('Cora Coder');
      await expect
        .poll(() => textOf(coderPage.locator('cc-memo-editor .cm-ySelectionInfo')))
        .toBe('Olive Owner');
      // Stored on the server, and found by the list's search.
      await expect
        .poll(
          async () =>
            (await server.api<MemoView>('GET', `/api/projects/${project.id}/memos/${memoId}`)).body.body,
        )
        .toContain('Coders hear about fatigue.');
      await coderPage.getByTestId('memo-search').fill('fatigue rota');
      await expect.poll(() => coderPage.getByTestId('memo-item').count()).toBe(1);
      await expect.poll(() => textOf(coderPage.getByTestId('memo-item'))).toContain('On Shifts');
      expect(await seriousViolations(coderPage), 'memos page').toEqual([]);

      // "Memo" in the coding view starts the coder's memo on that document.
      await coderPage.goto(`${server.http}/projects/${project.id}/documents/${doc.id}`);
      await coderPage.getByTestId('document-memo').click();
      await expect.poll(() => coderPage.getByTestId('memo-title').inputValue()).toBe('Memo on Interview 1');
      const memos = (
        await server.api<MemoList>('GET', `/api/projects/${project.id}/memos?document=${doc.id}`)
      ).body.memos;
      expect(memos.map((m) => [m.kind, m.authorId, m.links.documents])).toEqual([
        ['document', coder.user.id, [doc.id]],
      ]);
      expect(errors.flat()).toEqual([]);
    },
  );

  it(
    'two people who only open a memo, without clicking into it, each see the other there',
    { timeout: 120_000 },
    async () => {
      const owner = await server.user('Quinn Quiet');
      const coder = await server.user('Rae Reader');
      const project = (
        await server.api<Project>('POST', '/api/projects', { name: 'Quiet memos' }, owner.token)
      ).body;
      await server.api(
        'POST',
        `/api/projects/${project.id}/members`,
        { userId: coder.user.id, role: 'coder' },
        server.token,
      );
      const memo = (
        await server.api<MemoView>(
          'POST',
          `/api/projects/${project.id}/memos`,
          { kind: 'project', title: 'Early ideas' },
          owner.token,
        )
      ).body;
      const memoPath = `/projects/${project.id}/memos/${memo.id}`;
      const ownerPage = await (await browser.newContext()).newPage();
      const coderPage = await (await browser.newContext()).newPage();
      const errors = [ownerPage, coderPage].map(pageErrors);
      await signIn(ownerPage, server.http, owner.user.email, PASSWORD, memoPath);
      await ownerPage.getByTestId('memo-editor').waitFor();
      await signIn(coderPage, server.http, coder.user.email, PASSWORD, memoPath);
      await coderPage.getByTestId('memo-editor').waitFor();
      // Neither types nor clicks into the text: joining the memo is enough to be seen. Well within
      // the 15 s after which a browser re-announces itself anyway, so that cannot hide a late one.
      await ownerPage.getByTestId('memo').getByLabel('Rae Reader').waitFor({ timeout: PROMPT_MS });
      await coderPage.getByTestId('memo').getByLabel('Quinn Quiet').waitFor({ timeout: PROMPT_MS });
      for (const page of [ownerPage, coderPage]) {
        expect(await textOf(page.getByTestId('memo').getByTestId('presence'))).not.toContain('Only you here');
      }
      expect(errors.flat()).toEqual([]);
    },
  );
});
