/** The agreement dashboard follows the coders live. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e agreement'))('agreement dashboard (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));

  const member = (name: string) => members.find((m) => m.name === name)!;

  async function page(who: { email: string; password: string }, path: string): Promise<Page> {
    const p = await (await browser.newContext()).newPage();
    await signIn(p, server.http, who.email, who.password, path);
    return p;
  }

  /** Codes the first words of a document with quick code 1 and marks it done, as a coder. */
  async function codeAndFinish(p: Page): Promise<void> {
    const content = p.locator('cc-transcript .cm-content');
    await content.getByText('garden').waitFor();
    await content.focus();
    await p.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await p.keyboard.press('Control+Shift+ArrowRight');
    await p.keyboard.press('1');
    await expect.poll(() => textOf(p.getByTestId('coding-status'))).toMatch(/^Coded/);
    await p.getByTestId('done').check();
  }

  it('updates the table while two coders code and finish a new document', { timeout: 120_000 }, async () => {
    const documents = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
    const dashboard = await page(member('Demo supervisor'), `/projects/${project.id}/agreement`);
    await dashboard.getByTestId('agreement-table').waitFor();
    const pairable = dashboard.getByTestId('documents-pairable');
    await expect.poll(() => textOf(pairable)).toBe(`${documents.length} / ${documents.length}`);

    const doc = (
      await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
        title: 'Fresh interview',
        text: 'Nurse: We lost the garden.\n\nManager: The budget decided it.',
      })
    ).body;
    const total = documents.length + 1;

    const path = `/projects/${project.id}/documents/${doc.id}`;
    const [a, b] = await Promise.all([
      page(member('Study authors'), path),
      page(member('Synthetic coder (generated)'), path),
    ]);
    await codeAndFinish(a);
    await codeAndFinish(b);
    await expect.poll(() => textOf(pairable), { timeout: 15_000 }).toBe(`${total} / ${total}`);
    // The new document's row: both coders applied the same code to the same words.
    const row = dashboard.getByTestId('agreement-documents').locator('tr', { hasText: 'Fresh interview' });
    await expect.poll(() => textOf(row.locator('td').nth(3)), { timeout: 15_000 }).toBe('100.0%');
    expect(await textOf(row.locator('td').nth(1))).toContain('Study authors');

    // Switching the unit of analysis recomputes and says so.
    await dashboard.getByTestId('unit').selectOption('character');
    await expect.poll(() => textOf(dashboard.getByTestId('unit-description'))).toMatch(/^Characters/);
  });

  it(
    'is hidden from a coder while the round is blind, and comes back when it opens',
    { timeout: 120_000 },
    async () => {
      const coder = await page(member('Study authors'), `/projects/${project.id}/agreement`);
      await coder.getByTestId('agreement-table').waitFor();
      try {
        expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
        // The open stream is ended by the server: no reload needed.
        await coder.getByTestId('agreement-hidden').waitFor();
        expect(await textOf(coder.getByTestId('agreement-hidden'))).toMatch(
          /^Agreement is hidden until the round is opened/,
        );
        expect(await coder.getByTestId('agreement-table').count()).toBe(0);
        // A fresh visit during the blind round: the same words, no error.
        const fresh = await page(member('Synthetic coder (generated)'), `/projects/${project.id}/agreement`);
        await fresh.getByTestId('agreement-hidden').waitFor();
        expect(await fresh.locator('.error').count()).toBe(0);
      } finally {
        await server.api('PATCH', `/api/projects/${project.id}`, { blind: false });
      }
      await coder.getByTestId('agreement-table').waitFor({ timeout: 20_000 });
    },
  );
});
