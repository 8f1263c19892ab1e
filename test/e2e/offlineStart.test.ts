/**
 * A tab opened without a network: the service worker serves the app, the app shows the browser's
 * copy of a document, takes a coding, and sends it once the network is back.
 */
import { describe, expect, it } from 'vitest';
import type { Document } from '../../shared/schemas.ts';
import { signIn, skipWithoutChromium, textOf, useDemoInBrowser } from './browser.ts';

const TEXT = 'Nurse: We lost the garden.\n\nManager: The budget decided it, and nobody asked the ward.';

describe.skipIf(skipWithoutChromium('e2e offline start'))('offline start (browser)', () => {
  const demo = useDemoInBrowser({});

  it(
    'opens a document offline from the kept app and copy, and syncs what was coded',
    { timeout: 120_000 },
    async () => {
      const coder = demo.members.find((m) => m.name === 'Study authors')!;
      const doc = (
        await demo.server.api<Document>('POST', `/api/projects/${demo.project.id}/documents`, {
          title: 'On the train',
          text: TEXT,
        })
      ).body;
      const path = `/projects/${demo.project.id}/documents/${doc.id}`;
      const context = await demo.browser.newContext();
      const first = await context.newPage();
      await signIn(first, demo.server.http, coder.email, coder.password, path);
      await expect.poll(() => textOf(first.getByTestId('sync-status'))).toBe('All changes saved');
      // The service worker controls the page once installed; the document's answers are then kept.
      await expect
        .poll(() => first.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
        .toBe(true);
      await first.reload();
      await expect.poll(() => textOf(first.getByTestId('sync-status'))).toBe('All changes saved');
      await first.close();

      await context.setOffline(true);
      const page = await context.newPage();
      await page.goto(`${demo.server.http}${path}`);
      await page.getByTestId('signed-in-user').waitFor();
      await expect
        .poll(() => textOf(page.locator('cc-transcript .cm-content')))
        .toContain('We lost the garden.');
      await page.locator('cc-transcript .cm-content').focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Control+Shift+ArrowRight');
      await page.keyboard.press('1');
      await expect
        .poll(() => textOf(page.getByTestId('sync-status')))
        .toMatch(/^Offline — edits to 1 document kept in this browser$/);

      await context.setOffline(false);
      await expect
        .poll(
          async () =>
            (
              await demo.server.api<{ codings: { coder: string }[] }>(
                'GET',
                `/api/projects/${demo.project.id}/documents/${doc.id}/codings`,
              )
            ).body.codings.filter((c) => c.coder === coder.id).length,
          { timeout: 30_000 },
        )
        .toBe(1);
      await expect
        .poll(() => textOf(page.getByTestId('sync-status')), { timeout: 30_000 })
        .toBe('All changes saved');
      await context.close();
    },
  );
});
