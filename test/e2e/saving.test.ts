/**
 * Nothing typed is lost, and "saved" means the server has it: the indicator waits for the server's
 * confirmation, sign-out never deletes unsent work, an offline sign-out is completed at the next
 * connection, and memos are kept as they are typed.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  codeFirstWord,
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

const TEXT = 'Nurse: We lost the garden.\n\nManager: The budget decided it, and nobody asked the ward.';

describe.skipIf(skipWithoutChromium('e2e saving'))('saving and signing out (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  const coder = () => members.find((m) => m.name === 'Study authors')!;
  const status = (page: Page) => page.getByTestId('sync-status');
  const codings = async (doc: Document, who: string) =>
    (
      await server.api<{ codings: { coder: string; memo: string }[] }>(
        'GET',
        `/api/projects/${project.id}/documents/${doc.id}/codings`,
      )
    ).body.codings.filter((c) => c.coder === who);

  async function newDocument(title: string): Promise<Document> {
    return (
      await server.api<Document>('POST', `/api/projects/${project.id}/documents`, { title, text: TEXT })
    ).body;
  }

  const codeLine = codeFirstWord;

  /** Whether the session cookie the context holds now still opens `/api/me` on the server. */
  async function sessionCookie(context: BrowserContext): Promise<string> {
    const cookies = await context.cookies(server.http);
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }
  const meStatus = async (cookie: string) =>
    (await fetch(`${server.http}/api/me`, { headers: { cookie } })).status;

  async function openDocument(doc: Document): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(
      page,
      server.http,
      coder().email,
      coder().password,
      `/projects/${project.id}/documents/${doc.id}`,
    );
    await expect.poll(() => textOf(status(page))).toBe('All changes saved');
    return { context, page };
  }

  /**
   * A coder opens a new document, goes offline, codes its first line and presses Sign out: the
   * dialog about unsent work is open. Returns the session cookie as it was before signing out.
   */
  async function offlineCodingThenSignOut(title: string) {
    const doc = await newDocument(title);
    const { context, page } = await openDocument(doc);
    const cookie = await sessionCookie(context);
    await context.setOffline(true);
    await codeLine(page, 1, '1');
    await page.getByRole('button', { name: 'Sign out' }).click();
    return { doc, context, page, cookie };
  }

  it(
    'says saved only once the server has the change, while uploads are slow',
    { timeout: 120_000 },
    async () => {
      const doc = await newDocument('Slow uploads');
      const context = await browser.newContext();
      const page = await context.newPage();
      // Every frame from the page to the server is held for two seconds (order kept).
      await page.routeWebSocket(/\/sync\//, (ws) => {
        const upstream = ws.connectToServer();
        ws.onMessage((message) => setTimeout(() => upstream.send(message), 2000));
      });
      await signIn(
        page,
        server.http,
        coder().email,
        coder().password,
        `/projects/${project.id}/documents/${doc.id}`,
      );
      await expect.poll(() => textOf(status(page)), { timeout: 30_000 }).toBe('All changes saved');

      await codeLine(page, 1, '1');
      expect(await textOf(status(page))).toBe('Saving edits to 1 document…');
      expect(await codings(doc, coder().id)).toHaveLength(0);
      await expect.poll(() => textOf(status(page)), { timeout: 30_000 }).toBe('All changes saved');
      // The moment the page says so, the server has it.
      expect(await codings(doc, coder().id)).toHaveLength(1);
      await context.close();
    },
  );

  it(
    'waits for unsent codings before signing out, and ends the session when back online',
    { timeout: 120_000 },
    async () => {
      const { doc, context, page, cookie } = await offlineCodingThenSignOut('Wait then sign out');
      await expect.poll(() => textOf(page.getByTestId('signout-unsent'))).toBe('Edits to 1 document');
      await page.getByRole('button', { name: 'Wait, then sign out' }).click();
      await expect
        .poll(() => textOf(page.getByTestId('signout-dialog')))
        .toMatch(/Waiting for the connection to return/);
      expect(await meStatus(cookie)).toBe(200);

      await context.setOffline(false);
      await page.getByLabel('Email').waitFor({ timeout: 30_000 });
      expect(await codings(doc, coder().id)).toHaveLength(1);
      expect(await meStatus(cookie)).toBe(401);
      await context.close();
    },
  );

  it('stays signed in when asked, with the unsent coding kept', { timeout: 120_000 }, async () => {
    const { doc, context, page } = await offlineCodingThenSignOut('Stay');
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    expect(await page.getByTestId('signout-dialog').count()).toBe(0);
    await context.setOffline(false);
    await expect.poll(() => textOf(status(page)), { timeout: 30_000 }).toBe('All changes saved');
    expect(await codings(doc, coder().id)).toHaveLength(1);
    await context.close();
  });

  it(
    'keeps unsent codings for the next sign-in and completes an offline sign-out on reconnecting',
    { timeout: 120_000 },
    async () => {
      const { doc, context, page, cookie } = await offlineCodingThenSignOut('Keep for next time');
      await page.getByRole('button', { name: 'Sign out, keep them for my next sign-in here' }).click();
      await page.getByTestId('signout-pending').waitFor();
      expect(await textOf(page.getByTestId('signout-outcome'))).toMatch(
        /kept in this browser and are sent when you sign in/,
      );
      await page.getByLabel('Email').waitFor();
      // The server could not be told yet: the old session is still open there.
      expect(await meStatus(cookie)).toBe(200);

      await context.setOffline(false);
      await expect.poll(() => meStatus(cookie), { timeout: 30_000 }).toBe(401);
      expect(await codings(doc, coder().id)).toHaveLength(0);

      // The same coder signs in again in this browser: the kept coding is sent.
      await signIn(page, server.http, coder().email, coder().password);
      await expect.poll(() => codings(doc, coder().id), { timeout: 30_000 }).toHaveLength(1);
      await context.close();
    },
  );

  it('discards unsent codings only when told to', { timeout: 120_000 }, async () => {
    const { doc, context, page, cookie } = await offlineCodingThenSignOut('Discard');
    await page.getByRole('button', { name: 'Discard them and sign out' }).click();
    await page.getByLabel('Email').waitFor();
    expect(await textOf(page.getByTestId('signout-outcome'))).toBe('Your unsaved edits were discarded.');
    const copies = await page.evaluate(
      async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('concord:')).length,
    );
    expect(copies).toBe(0);
    await context.setOffline(false);
    await expect.poll(() => meStatus(cookie), { timeout: 30_000 }).toBe(401);
    await signIn(page, server.http, coder().email, coder().password);
    expect(await codings(doc, coder().id)).toHaveLength(0);
    await context.close();
  });

  it(
    'keeps a memo as it is typed, and asks before closing only while something is unsent',
    { timeout: 120_000 },
    async () => {
      const doc = await newDocument('Memo');
      const { context, page } = await openDocument(doc);
      await codeLine(page, 1, '1');
      const memo = page.getByPlaceholder('Memo…');
      await memo.click();
      await page.keyboard.type('Loss of a shared space');
      // Closed while the memo still has the focus: no blur, no change event.
      let prompted = false;
      page.on('dialog', (d) => {
        prompted = true;
        void d.accept();
      });
      await expect.poll(() => textOf(status(page))).toBe('All changes saved');
      await page.close({ runBeforeUnload: true });
      expect(prompted).toBe(false);
      await expect
        .poll(async () => (await codings(doc, coder().id)).map((c) => c.memo))
        .toEqual(['Loss of a shared space']);

      // With a change the server has not confirmed, closing asks first.
      const again = await context.newPage();
      await again.goto(`${server.http}/projects/${project.id}/documents/${doc.id}`);
      await expect.poll(() => textOf(status(again))).toBe('All changes saved');
      await context.setOffline(true);
      await codeLine(again, 3, '2');
      // The page's own answer to the browser's question on leaving: cancel (so the browser asks).
      // Asked through the event rather than a real close, whose dialog races the context's close.
      const asks = () =>
        again.evaluate(() => {
          const leaving = new Event('beforeunload', { cancelable: true });
          window.dispatchEvent(leaving);
          return leaving.defaultPrevented;
        });
      expect(await asks()).toBe(true);
      await context.setOffline(false);
      await expect.poll(() => textOf(status(again)), { timeout: 30_000 }).toBe('All changes saved');
      expect(await asks()).toBe(false);
      await context.close();
    },
  );
});
