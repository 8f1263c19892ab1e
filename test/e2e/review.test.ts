/** A reviewer settles disagreements into the consensus layer, in a real browser. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

interface Coded {
  codings: { coder: string; code: string; start: number; end: number }[];
  completed: string[];
}

describe.skipIf(skipWithoutChromium('e2e review'))('disagreement review (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));

  it(
    'accepts one coder’s version into the consensus, then settles another by coding it',
    { timeout: 120_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const authors = members.find((m) => m.name === 'Study authors')!;
      const page = await (await browser.newContext()).newPage();
      const errors = pageErrors(page);
      await signIn(
        page,
        server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${project.id}/review`,
      );
      const progress = page.getByTestId('review-progress');
      await expect.poll(() => textOf(progress)).toMatch(/^0 of \d+ settled$/);
      const total = Number(/of (\d+)/.exec(await textOf(progress))![1]);
      expect(total).toBeGreaterThan(0);

      // The first region: both coders side by side, and the consensus, still empty.
      const current = page.locator('nav button[aria-current="true"]');
      const region = await current.getAttribute('data-region');
      await page.getByTestId('versions').locator(`[data-coder="${authors.id}"]`).waitFor();
      const documentTitle = await textOf(page.locator('section.detail h2'));
      const documents = (
        await server.api<{ id: string; title: string }[]>('GET', `/api/projects/${project.id}/documents`)
      ).body;
      const documentId = documents.find((d) => d.title === documentTitle)!.id;
      const before = (
        await server.api<Coded>('GET', `/api/projects/${project.id}/documents/${documentId}/codings`)
      ).body;
      expect(before.codings.filter((c) => c.coder === 'consensus')).toEqual([]);

      // A comment, then the decision.
      await page.getByRole('textbox', { name: 'Comment' }).fill('The authors coded the whole passage.');
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      await page.getByTestId('thread').getByText('The authors coded the whole passage.').waitFor();
      await page.getByRole('button', { name: `Accept ${authors.name}` }).click();
      await expect.poll(() => textOf(progress)).toBe(`1 of ${total} settled`);
      await expect
        .poll(() => textOf(page.locator(`nav button[data-region="${region}"]`)))
        .toContain('settled');

      // The consensus now holds the authors' codings there, and the document counts as reviewed.
      await expect
        .poll(async () => {
          const after = (
            await server.api<Coded>('GET', `/api/projects/${project.id}/documents/${documentId}/codings`)
          ).body;
          const consensus = after.codings
            .filter((c) => c.coder === 'consensus')
            .map(({ code, start, end }) => ({ code, start, end }));
          const own = after.codings
            .filter((c) => c.coder === authors.id)
            .map(({ code, start, end }) => ({ code, start, end }));
          return (
            consensus.length > 0 &&
            own.some((o) =>
              consensus.some((c) => c.code === o.code && c.start === o.start && c.end === o.end),
            )
          );
        })
        .toBe(true);
      const audit = await server.api<AuditEntry[]>('GET', `/api/projects/${project.id}/audit`);
      expect(audit.body.find((e) => e.action === 'adjudication')).toMatchObject({
        actorId: supervisor.id,
        details: { documentId, region, decision: { kind: 'accept', coders: [authors.id] } },
      });
      // Agreement against the consensus appears once a document's review is complete.
      await expect
        .poll(() => textOf(page.getByTestId('against-consensus')), { timeout: 15_000 })
        .toMatch(/κ \d/);

      // The next region: write the consensus by hand in the coding view, then mark it settled.
      const next = await current.getAttribute('data-region');
      expect(next).not.toBe(region);
      await page.getByRole('button', { name: 'Write own…' }).click();
      await page.getByTestId('target-layer').waitFor();
      expect(await page.getByTestId('target-layer').inputValue()).toBe('consensus');
      expect(page.url()).toMatch(/layer=consensus&range=\d+-\d+/);
      await page.locator('cc-transcript .cm-content').focus();
      await page.keyboard.press('1');
      await expect.poll(() => textOf(page.getByTestId('coding-status'))).toMatch(/into the consensus/);
      await page.goBack();
      await page.locator(`nav button[data-region="${next}"]`).click();
      await page.getByRole('button', { name: 'Mark settled as coded' }).click();
      await expect.poll(() => textOf(progress)).toBe(`2 of ${total} settled`);
      expect(errors).toEqual([]);
    },
  );
});
