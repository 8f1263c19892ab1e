/** The project page fits its cards at 1280×800 and at 800 px wide: nothing sticks out sideways. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e layout'))('project page layout (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it('keeps every control inside its card', { timeout: 120_000 }, async () => {
    const supervisor = members.find((m) => m.role === 'reviewer')!;
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 800, height: 900 },
    ]) {
      const context = await browser.browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, server.http, supervisor.email, supervisor.password, `/projects/${project.id}`);
      await page.getByRole('button', { name: 'Import transcripts…' }).waitFor();
      // Every control of a card ends within the card (the add-transcript fields stuck out by 38 px).
      const overflowing = await page.locator('cc-project-page').evaluate((host) => {
        const root = host.shadowRoot!;
        const out: string[] = [];
        for (const card of root.querySelectorAll<HTMLElement>('.card, section, aside')) {
          const edge = card.getBoundingClientRect().right;
          for (const control of card.querySelectorAll<HTMLElement>('input, textarea, button, select')) {
            const right = control.getBoundingClientRect().right;
            if (right > edge + 0.5)
              out.push(`${control.outerHTML.slice(0, 60)} ends at ${right}, card at ${edge}`);
          }
        }
        return out;
      });
      expect(overflowing, `${viewport.width}×${viewport.height}`).toEqual([]);
      // The open Export menu and import dialog stay within the window.
      const within = async (label: string) => {
        const box = (await page.getByRole('dialog', { name: label }).boundingBox())!;
        const width = await page.evaluate(() => document.documentElement.clientWidth);
        return { left: box.x >= 0, right: box.x + box.width <= width + 0.5 };
      };
      await page.getByRole('button', { name: 'Export ▾' }).click();
      expect(await within('Export'), `${viewport.width}: Export`).toEqual({ left: true, right: true });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      expect(await within('Import transcripts'), `${viewport.width}: import`).toEqual({
        left: true,
        right: true,
      });
      await page.keyboard.press('Escape');
      await context.close();
    }
  });
});
