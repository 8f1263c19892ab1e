/** Working offline: edits stay in the browser (IndexedDB) and merge when the connection is back. */
import type { Page } from 'playwright-core';
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

describe.skipIf(skipWithoutChromium('e2e offline'))('offline work (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  const member = (name: string) => members.find((m) => m.name === name)!;
  const status = (page: Page) => page.getByTestId('sync-status');
  const marks = (page: Page, coder: string) =>
    page.locator(`cc-transcript .cm-content [data-coder="${coder}"]`);
  const serverCodings = async (doc: Document, coder: string) =>
    (
      await server.api<{ codings: { coder: string }[] }>(
        'GET',
        `/api/projects/${project.id}/documents/${doc.id}/codings`,
      )
    ).body.codings.filter((c) => c.coder === coder).length;

  const codeLine = codeFirstWord;

  it(
    'keeps codings made offline, even across closing the tab, and merges them with others’ work',
    { timeout: 120_000 },
    async () => {
      const doc = (
        await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
          title: 'Offline',
          text: TEXT,
        })
      ).body;
      const path = `/projects/${project.id}/documents/${doc.id}`;
      const authors = member('Study authors');
      const synthetic = member('Synthetic coder (generated)');
      const context = await browser.newContext();
      const a = await context.newPage();
      await signIn(a, server.http, authors.email, authors.password, path);
      const b = await (await browser.newContext()).newPage();
      await signIn(b, server.http, synthetic.email, synthetic.password, path);
      await expect.poll(() => textOf(status(a))).toBe('All changes saved');

      await context.setOffline(true);
      await expect.poll(() => textOf(status(a))).toMatch(/^Offline/);
      await codeLine(a, 1, '1');
      await expect
        .poll(() => textOf(status(a)))
        .toMatch(/^Offline — edits to 1 document kept in this browser$/);
      // Meanwhile the other coder works online.
      await codeLine(b, 3, '2');
      expect(await serverCodings(doc, authors.id)).toBe(0);

      // The tab is closed while offline; the coding waits in IndexedDB.
      const database = `concord:${authors.id}:layer:${doc.id}:${authors.id}`;
      await expect
        .poll(() =>
          a.evaluate(
            `new Promise((resolve) => {
            const open = indexedDB.open(${JSON.stringify(database)});
            open.onsuccess = () => {
              const count = open.result.transaction('updates').objectStore('updates').count();
              count.onsuccess = () => resolve(count.result);
            };
          })`,
          ),
        )
        .toBeGreaterThan(1);
      await a.close();
      await context.setOffline(false);

      // A new tab loads the browser's copy and sends it: the server and the other coder get it.
      const again = await context.newPage();
      await again.goto(`${server.http}${path}`);
      await marks(again, authors.id).first().waitFor();
      await expect.poll(() => serverCodings(doc, authors.id), { timeout: 15_000 }).toBe(1);
      await marks(b, authors.id).first().waitFor({ timeout: 15_000 });
      await marks(again, synthetic.id).first().waitFor();
      await expect.poll(() => textOf(status(again))).toBe('All changes saved');
    },
  );
});
