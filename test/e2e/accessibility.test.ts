/** Every page of the web client passes axe-core's WCAG 2.1 A/AA checks with no serious or critical violation. */
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';
import { appPages } from './pages.ts';

describe.skipIf(skipWithoutChromium('e2e accessibility'))('accessibility of every page (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it('reports no serious or critical violation on any page', { timeout: 240_000 }, async () => {
    const supervisor = members.find((m) => m.role === 'reviewer')!;
    const documents = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
    const visitor = await (await browser.newContext()).newPage();
    const reviewer = await (await browser.newContext()).newPage();
    await signIn(reviewer, server.http, supervisor.email, supervisor.password);

    const found: Record<string, unknown> = {};
    for (const entry of appPages(project.id, project.name, documents[0]!.id)) {
      const page = entry.signedIn ? reviewer : visitor;
      await page.goto(`${server.http}${entry.path}`);
      await entry.ready(page);
      found[entry.name] = await seriousViolations(page);
    }
    // A form showing its errors at the fields is checked too.
    await visitor.goto(`${server.http}/login`);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.getByTestId('email-error').waitFor();
    found['sign-in with errors'] = await seriousViolations(visitor);
    // A field with an error keeps its label as its name; the error is its description only.
    for (const [label, error] of [
      ['Email', 'email-error'],
      ['Password', 'password-error'],
    ] as const) {
      const field = visitor.getByRole('textbox', { name: label, exact: true });
      expect(await field.count(), label).toBe(1);
      expect(await field.getAttribute('aria-describedby'), label).toBe(error);
    }

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    await visitor.context().close();
    await reviewer.context().close();
  });
});
