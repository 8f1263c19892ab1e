/**
 * The field case "oversized edit": with the default MAX_FRAME_BYTES (16 MiB), pasting 17 MiB into
 * a transcript gives one clear refusal in the page, no reconnect loop (one socket for the room,
 * no large frame ever sent), and later small edits still reach other clients.
 */
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
