/**
 * The field case "oversized edit": with the default MAX_FRAME_BYTES (16 MiB), pasting 17 MiB into
 * a transcript gives one clear refusal in the page, no reconnect loop (one socket for the room,
 * no large frame ever sent), and later small edits still reach other clients. And the field case
 * "room full", on a server with a small room limit: pastes that each fit but together would
 * overfill the transcript's room are refused in the page; changes made offline that the server
 * then refuses as too much are reported at the document, and discarding this browser's copy brings
 * the transcript back from the server, syncing again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultAppConfig } from '../../server/config.ts';
import { contentText } from '../../shared/model/text.ts';
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

const MiB = 1024 * 1024;

describe.skipIf(skipWithoutChromium('e2e oversized edit'))('oversized edit (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it(
    'refuses a 17 MiB paste with a message; no reconnect loop; small edits still arrive',
    { timeout: 180_000 },
    async () => {
      expect(defaultAppConfig.maxFrameBytes).toBe(16 * MiB);
      const doc = (
        await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
          title: 'Paste target',
          text: 'Interviewer: Tell me about the ward.',
        })
      ).body;
      const room = roomName.text(doc.id);
      const other = connect(server.ws, room, server.token);
      await synced(other);

      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      // Every socket the page opens for this text room, and the size of every frame it sends there.
      let sockets = 0;
      let largestFrame = 0;
      page.on('websocket', (ws) => {
        if (!ws.url().includes(`/sync/${room}`)) return;
        sockets++;
        ws.on('framesent', (frame) => {
          largestFrame = Math.max(largestFrame, frame.payload.length);
        });
      });
      await signIn(
        page,
        server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${project.id}/documents/${doc.id}`,
      );
      const content = page.locator('cc-transcript .cm-content');
      await content.getByText('Tell me about the ward.').waitFor();
      await page.getByRole('button', { name: 'Edit text' }).click();
      await content.focus();
      await page.keyboard.press('Control+End');

      // A real paste event, as the browser fires it for Ctrl+V, carrying 17 MiB of text.
      await content.evaluate((el, size) => {
        const data = new DataTransfer();
        data.setData('text/plain', 'x'.repeat(size));
        el.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }, 17 * MiB);
      const refusal = page.getByTestId('edit-refused');
      await refusal.waitFor();
      expect(await textOf(refusal)).toMatch(
        /not made: it is 17\.0 MiB, and the server takes at most 12\.0 MiB/,
      );
      expect(await page.getByRole('alert').count()).toBe(1);
      expect(await content.textContent()).toBe('Interviewer: Tell me about the ward.');

      // Later small edits reach the other client, over the same connection.
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Fixed. ');
      await expect
        .poll(() => contentText(other.doc).toString())
        .toBe('Fixed. Interviewer: Tell me about the ward.');
      await expect.poll(() => textOf(page.getByTestId('sync-status'))).toBe('All changes saved');
      expect(sockets).toBe(1);
      expect(largestFrame).toBeLessThan(64 * 1024);
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
      closeAll([other]);
      await context.close();
    },
  );
});

describe.skipIf(skipWithoutChromium('e2e room full'))('transcript room full (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  const KiB = 1024;
  // The demo is loaded first, so its transcripts must fit: 1 MiB rooms, 512 KiB edits.
  useDemoInBrowser(
    {
      roomLimits: {
        ...defaultAppConfig.roomLimits,
        text: { maxUpdateBytes: 512 * KiB, maxRoomBytes: MiB },
      },
    },
    (f) => ({ server, browser, project, members } = f),
  );

  /** Pastes `text` at the end of the open transcript, as Ctrl+V does. */
  async function paste(page: Page, text: string): Promise<void> {
    const content = page.locator('cc-transcript .cm-content');
    await content.focus();
    await page.keyboard.press('Control+End');
    await content.evaluate((el, pasted) => {
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  async function openAsReviewer(doc: Document): Promise<Page> {
    const supervisor = members.find((m) => m.role === 'reviewer')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(
      page,
      server.http,
      supervisor.email,
      supervisor.password,
      `/projects/${project.id}/documents/${doc.id}`,
    );
    await page.locator('cc-transcript .cm-content').getByText('Tell me about the ward.').waitFor();
    await page.getByRole('button', { name: 'Edit text' }).click();
    return page;
  }

  async function newDocument(title: string): Promise<Document> {
    return (
      await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
        title,
        text: 'Interviewer: Tell me about the ward.',
      })
    ).body;
  }

  it(
    'refuses, in the page, pastes that each fit but together would overfill the room',
    { timeout: 120_000 },
    async () => {
      const doc = await newDocument('Three pastes');
      const other = connect(server.ws, roomName.text(doc.id), server.token);
      await synced(other);
      const page = await openAsReviewer(doc);
      const errors = pageErrors(page);
      // 400 KiB each: under the 512 KiB edit limit; the third would make 1.2 MiB of text.
      for (const mark of ['a', 'b']) {
        await paste(page, mark.repeat(400 * KiB));
        await expect
          .poll(() => contentText(other.doc).length)
          .toBeGreaterThan(400 * KiB * (mark === 'a' ? 1 : 2));
      }
      await paste(page, 'c'.repeat(400 * KiB));
      const refusal = page.getByTestId('edit-refused');
      await refusal.waitFor();
      expect(await textOf(refusal)).toMatch(
        /not made: the transcript would grow to 1\.2 MiB, and the server keeps transcripts of at most 1\.0 MiB/,
      );
      // Nothing of it was sent, the connection stays, and typing still arrives.
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Fixed. ');
      await expect.poll(() => contentText(other.doc).toString().slice(0, 20)).toBe('Fixed. Interviewer: ');
      expect(contentText(other.doc).toString()).not.toContain('c');
      expect(await page.getByTestId('room-full').count()).toBe(0);
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
      closeAll([other]);
      await page.context().close();
    },
  );

  it(
    'reports at the document a transcript the server refused as full, and recovers by discarding this browser’s copy',
    { timeout: 120_000 },
    async () => {
      const doc = await newDocument('Offline paste');
      const room = roomName.text(doc.id);
      const other = connect(server.ws, room, server.token);
      await synced(other);
      const page = await openAsReviewer(doc);

      // Offline, 300 KiB is pasted: it fits the room as far as this browser knows.
      await page.context().setOffline(true);
      await expect.poll(() => textOf(page.getByTestId('sync-status'))).not.toBe('All changes saved');
      await paste(page, 'p'.repeat(300 * KiB));
      await expect.poll(() => page.locator('cc-transcript .cm-content').textContent()).toContain('ppp');
      // Meanwhile 800 KiB arrive from elsewhere, in two edits the server takes.
      const text = contentText(other.doc);
      text.insert(text.length, 'o'.repeat(400 * KiB));
      text.insert(text.length, 'o'.repeat(400 * KiB));
      // The server holds them: a fresh client reads them back.
      const check = connect(server.ws, room, server.token);
      await expect.poll(() => contentText(check.doc).length, { timeout: 20_000 }).toBeGreaterThan(800 * KiB);
      closeAll([check]);

      // Back online, the browser's copy sends its 300 KiB: too much for the room, refused.
      await page.context().setOffline(false);
      const full = page.getByTestId('room-full');
      await full.waitFor({ timeout: 30_000 });
      expect(await textOf(full)).toContain(
        'The server stopped saving this transcript: the changes made in this browser would make it larger than the server keeps (at most 1.0 MiB).',
      );
      expect(contentText(other.doc).toString()).not.toContain('p');

      // Discarding the copy reloads the transcript from the server; edits arrive again.
      // Waited for before the click: a quick reload can load before a wait set up after it.
      const reloaded = page.waitForEvent('load');
      await page.getByRole('button', { name: /Discard this browser’s unsaved changes/ }).click();
      await reloaded;
      const content = page.locator('cc-transcript .cm-content');
      await content.getByText('Tell me about the ward.').waitFor();
      await expect.poll(() => textOf(page.getByTestId('sync-status'))).toBe('All changes saved');
      expect(await page.getByTestId('room-full').count()).toBe(0);
      await page.getByRole('button', { name: 'Edit text' }).click();
      await content.focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Back. ');
      await expect.poll(() => contentText(other.doc).toString().slice(0, 19)).toBe('Back. Interviewer: ');
      expect(contentText(other.doc).toString()).not.toContain('p');
      expect(await page.getByTestId('room-full').count()).toBe(0);
      closeAll([other]);
      await page.context().close();
    },
  );
});
