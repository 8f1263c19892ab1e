/** Every page of the web client passes axe-core's WCAG 2.1 A/AA checks with no serious or critical violation. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e accessibility'))('accessibility of every page (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it('reports no serious or critical violation on any page', { timeout: 180_000 }, async () => {
    const supervisor = members.find((m) => m.role === 'reviewer')!;
    const documents = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${server.http}/login`);
    await page.getByLabel('Email').waitFor();
    const found: Record<string, unknown> = { login: await seriousViolations(page) };

    await signIn(page, server.http, supervisor.email, supervisor.password);
    const pages: [string, string, (p: Page) => Promise<void>][] = [
      ['projects', '/', (p) => p.getByRole('link', { name: project.name }).first().waitFor()],
      [
        'project',
        `/projects/${project.id}`,
        (p) => p.getByRole('heading', { name: project.name }).first().waitFor(),
      ],
      [
        'coding view',
        `/projects/${project.id}/documents/${documents[0]!.id}`,
        async (p) => {
          await p.locator('cc-transcript .cm-content').waitFor();
          await expect.poll(() => textOf(p.getByTestId('sync-status'))).toBe('All changes saved');
        },
      ],
      [
        'codebook',
        `/projects/${project.id}/codebook`,
        async (p) => {
          await p.getByTestId('code-tree').locator('[data-code]').first().click();
          await p.getByTestId('code-name').waitFor();
        },
      ],
      [
        'agreement',
        `/projects/${project.id}/agreement`,
        (p) => p.locator('cc-agreement-dashboard table').first().waitFor(),
      ],
      ['review', `/projects/${project.id}/review`, (p) => p.getByTestId('versions').waitFor()],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${server.http}${path}`);
      await ready(page);
      found[name] = await seriousViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    await context.close();
  });
});
