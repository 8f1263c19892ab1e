/** Starting a blind round from the project page asks first and says what coders will stop seeing. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/schemas.ts';
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

describe.skipIf(skipWithoutChromium('e2e blind round'))('starting a blind round (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  const blind = async () => (await server.api<Project>('GET', `/api/projects/${project.id}`)).body.blind;

  it('asks for confirmation, says what is hidden, and can be cancelled', { timeout: 120_000 }, async () => {
    const supervisor = members.find((m) => m.role === 'reviewer')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.http, supervisor.email, supervisor.password, `/projects/${project.id}`);

    await page.getByRole('button', { name: 'Start a blind round…' }).click();
    const confirm = page.getByTestId('confirm-blind');
    expect(await textOf(confirm)).toMatch(/coders and viewers see only their own codings/);
    expect(await textOf(confirm)).toMatch(/every agreement figure/);
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await blind()).toBe(false);

    await page.getByRole('button', { name: 'Start a blind round…' }).click();
    await page.getByRole('button', { name: 'Start the blind round' }).click();
    await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('Blind round');
    expect(await blind()).toBe(true);

    // Opening needs no confirmation: it hides nothing.
    await page.getByRole('button', { name: 'Open the round' }).click();
    await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('Open round');
    expect(await blind()).toBe(false);
    await context.close();
  });
});
