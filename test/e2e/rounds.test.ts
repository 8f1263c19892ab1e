/**
 * Reliability rounds in the browser (issue 13): a supervisor starts a 20% blind pilot round for
 * two coders, they code, it closes with frozen figures, the codebook is revised and its versions
 * compared, a second round starts, the remaining documents are split between the coders, and a
 * coder finds their documents on the project page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations } from './axe.ts';
import {
  codeFirstWord,
  pageErrors,
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

interface RoundJson {
  id: string;
  codedBefore: string[];
  name: string;
  blind: boolean;
  status: string;
  coders: string[];
  documents: string[];
  sample: { seed: number; fraction?: number } | null;
  codebookVersion: number;
  closedCodebookVersion: number | null;
  agreement?: { report: { overall: { pooledKappa: number | null } } } | null;
}

describe.skipIf(skipWithoutChromium('e2e rounds'))('reliability rounds (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));

  const member = (name: string) => members.find((m) => m.name === name)!;
  const rounds = async () =>
    (await server.api<{ rounds: RoundJson[] }>('GET', `/api/projects/${project.id}/rounds`)).body.rounds;

  async function open(who: { email: string; password: string }, path: string, width = 1280): Promise<Page> {
    const context = await browser.browser.newContext({ viewport: { width, height: 900 } });
    const p = await context.newPage();
    await signIn(p, server.http, who.email, who.password, path);
    return p;
  }

  /**
   * Whether the window, or the page element inside the app shell (which scrolls on its own), can
   * scroll sideways; tables scrolling inside their cards do not count.
   */
  const scrollsSideways = (p: Page) =>
    p.evaluate(() => {
      const page = document.querySelector('cc-app')?.shadowRoot?.querySelector('main')?.firstElementChild;
      const wide = (e: Element) => e.scrollWidth > e.clientWidth + 1;
      return wide(document.documentElement) || (page ? wide(page) : true);
    });

  /** Codes the first word of a round document with quick code 1 and marks it done. */
  async function codeRoundDocument(p: Page, documentId: string): Promise<void> {
    await p.getByTestId('my-documents').locator(`li[data-document="${documentId}"] a`).click();
    await p.locator('cc-transcript .cm-content').waitFor();
    await codeFirstWord(p, 1, '1');
    await p.getByTestId('done').check();
  }

  it(
    'runs a blind pilot, freezes it, versions the codebook, starts a second round and splits the rest',
    { timeout: 300_000 },
    async () => {
      const documents = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
      const authors = member('Study authors');
      const synthetic = member('Synthetic coder (generated)');
      const supervisor = await open(member('Demo supervisor'), `/projects/${project.id}/rounds`, 800);
      const errors = pageErrors(supervisor);
      const form = supervisor.getByTestId('start-round');
      await form.waitFor();
      await supervisor.getByTestId('no-rounds').waitFor();

      // A round without a name is refused at the field, in words.
      await supervisor.getByRole('button', { name: 'Start the round…' }).click();
      expect(await textOf(supervisor.getByTestId('error-name'))).toMatch(/Give the round a name/);
      expect(await rounds()).toEqual([]);

      // A 20% blind pilot for the two coders (ticked by default); the seed is shown to be written down.
      await form.getByLabel('Name').fill('Pilot');
      expect(await form.getByRole('checkbox', { name: /^Blind/ }).isChecked()).toBe(true);
      expect(await form.getByRole('checkbox', { name: /Study authors/ }).isChecked()).toBe(true);
      expect(await form.getByRole('checkbox', { name: /Synthetic coder/ }).isChecked()).toBe(true);
      expect(await form.getByLabel('Sample size', { exact: true }).inputValue()).toBe('20');
      const seedBefore = await supervisor.getByTestId('seed').inputValue();
      await supervisor.getByRole('button', { name: 'New seed' }).first().click();
      await expect.poll(() => supervisor.getByTestId('seed').inputValue()).not.toBe(seedBefore);
      const seed = Number(await supervisor.getByTestId('seed').inputValue());
      expect(Number.isSafeInteger(seed)).toBe(true);
      // Both coders have coded every demo document already, in the open: a blind sample leaves
      // them out by default, so nothing is left to draw until the supervisor includes them.
      const preview = supervisor.getByTestId('sample-preview');
      expect(await form.getByTestId('include-coded').isChecked()).toBe(false);
      expect(await textOf(preview.locator('summary'))).toMatch(/^Preview: 0 of 0 eligible documents/);
      await form.getByTestId('include-coded').check();
      await expect
        .poll(() => textOf(preview.locator('summary')))
        .toMatch(new RegExp(`^Preview: \\d+ of ${documents.length} eligible`));
      // …and is told, before starting, that their earlier coding was not blind.
      expect(await textOf(form.getByTestId('coded-before'))).toMatch(
        /already been coded or marked done, before this round\. That coding was not made blind/,
      );
      // The preview lists the documents this seed draws, before anything starts.
      await preview.locator('summary').click();
      const previewed = await preview
        .locator('li')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-document')));
      await supervisor.getByRole('button', { name: 'Start the round…' }).click();
      const confirm = supervisor.getByTestId('confirm-blind-round');
      expect(await textOf(confirm)).toMatch(/see only their own codings/);
      expect(await textOf(confirm)).toMatch(/every agreement figure/);
      expect(await textOf(confirm.getByTestId('confirm-coded-before'))).toMatch(/not made blind/);
      expect(await seriousViolations(supervisor)).toEqual([]);
      await confirm.getByRole('button', { name: 'Start the blind round' }).click();
      await expect.poll(() => textOf(supervisor.getByTestId('rounds-message'))).toMatch(/^Started “Pilot”/);

      const [pilot] = await rounds();
      const expected = Math.max(1, Math.round(documents.length * 0.2));
      expect(pilot).toMatchObject({
        name: 'Pilot',
        blind: true,
        status: 'open',
        sample: { seed, fraction: 0.2 },
      });
      expect(pilot!.coders.sort()).toEqual([authors.id, synthetic.id].sort());
      expect(pilot!.documents).toHaveLength(expected);
      expect(previewed).toEqual(pilot!.documents);
      // The round records them, and says so where it is listed.
      expect(pilot!.codedBefore).toEqual([...pilot!.documents].sort());
      const item = supervisor.locator(`li[data-round="${pilot!.id}"]`);
      expect(await textOf(item.getByTestId('round-status'))).toBe('Open');
      expect(await textOf(item.getByTestId('round-sample'))).toContain(`seed ${seed}`);
      await item.getByTestId('round-document-count').click();
      const titles = pilot!.documents.map((id) => documents.find((d) => d.id === id)!.title);
      expect(await item.getByTestId('round-documents').locator('li').allTextContents()).toEqual(titles);
      expect(await textOf(item.getByTestId('round-coded-before'))).toMatch(
        /already coded when the round started, so not coded blind\.$/,
      );
      await supervisor.getByTestId('round-open-note').waitFor();
      expect(await seriousViolations(supervisor)).toEqual([]);
      expect(await scrollsSideways(supervisor)).toBe(false);

      // Each coder finds the round's documents first on the project page, codes one and marks it done;
      // in a blind round the rounds page withholds the figures from them.
      const [a, b] = await Promise.all([
        open(authors, `/projects/${project.id}`),
        open(synthetic, `/projects/${project.id}`),
      ]);
      for (const coder of [a, b]) {
        const mine = coder.getByTestId('my-documents');
        await mine.waitFor();
        expect(
          await mine.locator('li').evaluateAll((li) => li.map((l) => l.getAttribute('data-document'))),
        ).toEqual(pilot!.documents);
        expect(await mine.locator('li[data-source="round"]').count()).toBe(expected);
        await codeRoundDocument(coder, pilot!.documents[0]!);
      }
      // A coder in the blind round is told the figures are hidden, without a button that would be refused.
      await a.goto(`${server.http}/projects/${project.id}/rounds`);
      expect(await textOf(a.getByTestId('figures-hidden'))).toMatch(
        /^Agreement figures are hidden from coders while a blind round is open/,
      );
      expect(await a.getByRole('button', { name: 'Show agreement' }).count()).toBe(0);
      expect(await a.getByTestId('round-report').count()).toBe(0);
      expect(await a.getByTestId('start-round').count()).toBe(0);

      // The supervisor sees the live figures, then closes the round: they are frozen.
      await item.getByRole('button', { name: 'Show agreement' }).click();
      const report = item.getByTestId('round-report');
      await expect.poll(() => textOf(report.getByTestId('report-state'))).toMatch(/^Live/);
      await item.getByRole('button', { name: 'Close round…' }).click();
      expect(await textOf(item.getByTestId('confirm-close'))).toMatch(/frozen/);
      await item.getByRole('button', { name: 'Close the round' }).click();
      await expect.poll(() => textOf(item.getByTestId('round-status'))).toBe('Closed');
      await expect
        .poll(() => textOf(report.getByTestId('report-state')))
        .toMatch(/^Frozen on .+, figures will not change\.$/);
      // Its notes are the dashboard's plain words: no field names, counts that agree.
      const notes = await textOf(report.getByTestId('round-notes'));
      expect(notes).toContain('Percent agreement is, for each unit');
      expect(notes).not.toMatch(/\((?:overall\.)?[a-z]+[A-Z][A-Za-z]*\)|\(s\)/);
      const frozenKappa = await textOf(report.getByTestId('round-kappa'));
      const frozenPercent = await textOf(report.getByTestId('round-percent'));
      const closed = (await rounds())[0]!;
      expect(closed.status).toBe('closed');
      const served = (
        await server.api<RoundJson>('GET', `/api/projects/${project.id}/rounds/${pilot!.id}?ci=0`)
      ).body;
      expect(frozenKappa).toBe(served.agreement!.report.overall.pooledKappa!.toFixed(3));

      // Coding after the close moves the live figures, not the round's.
      await a.goto(`${server.http}/projects/${project.id}/documents/${pilot!.documents[0]}`);
      await a.locator('cc-transcript .cm-content').waitFor();
      await codeFirstWord(a, 3, '2');
      await supervisor.reload();
      const again = supervisor.locator(`li[data-round="${pilot!.id}"]`);
      await again.getByRole('button', { name: 'Show agreement' }).click();
      await expect.poll(() => textOf(again.getByTestId('round-kappa'))).toBe(frozenKappa);
      expect(await textOf(again.getByTestId('round-percent'))).toBe(frozenPercent);
      // The trajectory's route is tested in trajectory.test.ts; on a server without it the page says so.
      expect(errors.filter((e) => !/404 \(Not Found\) \(\S+\/rounds\/trajectory\)$/.test(e))).toEqual([]);

      // The codebook is revised (a code renamed), a version recorded, and the two compared.
      await supervisor.goto(`${server.http}/projects/${project.id}/codebook`);
      const tree = supervisor.getByTestId('code-tree');
      const leaf = tree.locator('li[aria-level="2"]').first();
      const oldName = await textOf(leaf.locator('.name'));
      await leaf.click();
      await supervisor.getByTestId('code-name').fill(`${oldName} (revised)`);
      await expect.poll(() => textOf(leaf.locator('.name'))).toBe(`${oldName} (revised)`);
      const history = supervisor.getByTestId('codebook-history');
      await history.getByTestId('versions').waitFor();
      expect(await history.getByTestId('versions').locator('tbody tr').count()).toBe(2);
      await history.getByLabel('Note for a new version').fill('After the pilot discussion');
      await history.getByRole('button', { name: 'Record a version' }).click();
      await expect.poll(() => textOf(history.getByTestId('history-message'))).toBe('Recorded version 3.');
      const newest = history.locator('tr[data-version="3"]');
      expect(await textOf(newest)).toContain('After the pilot discussion');
      expect(await textOf(history.locator('tr[data-version="2"]'))).toContain('End of round “Pilot”');
      expect(await textOf(history.locator('tr[data-version="1"]'))).toContain('Start of round “Pilot”');
      // The Compare list keeps the round's name as the owner typed it.
      const compareOptions = await history
        .getByRole('group', { name: 'Compare two versions' })
        .locator('option')
        .allTextContents();
      expect(compareOptions.map((o) => o.replace(/\s+/g, ' ').trim())).toContain(
        'Version 1 (Start of round “Pilot”)',
      );
      await history.getByRole('button', { name: 'Compare' }).click();
      const diff = history.getByTestId('diff');
      await diff.waitFor();
      expect(await textOf(diff)).toContain(`Renamed “${oldName}” to “${oldName} (revised)”`);
      expect(await seriousViolations(supervisor)).toEqual([]);
      expect(await scrollsSideways(supervisor)).toBe(false);

      // The pilot's codebook downloads as it was (the old name).
      const [download] = await Promise.all([
        supervisor.waitForEvent('download'),
        history.getByRole('link', { name: 'Download version 1 as .qdc' }).click(),
      ]);
      const qdc = readFileSync((await download.path())!, 'utf8');
      expect(qdc).toContain(`name="${oldName}"`);
      expect(qdc).not.toContain(`${oldName} (revised)`);

      // A second, open round on a fresh 20% sample.
      await supervisor.goto(`${server.http}/projects/${project.id}/rounds`);
      const form2 = supervisor.getByTestId('start-round');
      await form2.getByLabel('Name').fill('Round 2');
      await form2.getByRole('checkbox', { name: /^Blind/ }).uncheck();
      await form2.getByTestId('include-coded').check();
      // An open round is warned too, without the claim about blindness.
      expect(await textOf(form2.getByTestId('coded-before'))).toMatch(/methods text will say so\.$/);
      await supervisor.getByRole('button', { name: 'Start the round…' }).click();
      await expect.poll(() => textOf(supervisor.getByTestId('rounds-message'))).toMatch(/^Started “Round 2”/);
      const [, second] = await rounds();
      expect(second).toMatchObject({ name: 'Round 2', blind: false, status: 'open' });
      expect(second!.documents.filter((d) => pilot!.documents.includes(d))).toEqual([]);
      expect(second!.codebookVersion).toBe(4);
      await expect.poll(() => supervisor.locator('li.round').count()).toBe(2);

      // Documents two coders have coded already are not dealt out again: the split takes the
      // documents outside both rounds that are coded once or not at all, three new ones among them.
      for (const n of [1, 2, 3])
        await server.api('POST', `/api/projects/${project.id}/documents`, {
          title: `New interview ${n}`,
          text: `A new answer ${n}.`,
        });
      await supervisor.reload();
      const prior = (
        await server.api<{ documents: { documentId: string; coders: string[] }[] }>(
          'GET',
          `/api/projects/${project.id}/rounds/prior-coding`,
        )
      ).body.documents;
      const doubleCoded = new Set(prior.filter((p) => p.coders.length >= 2).map((p) => p.documentId));
      expect(doubleCoded.size).toBeGreaterThan(0);
      const inRounds = new Set([...pilot!.documents, ...second!.documents]);
      const remaining = documents.filter((d) => !inRounds.has(d.id) && !doubleCoded.has(d.id)).length + 3;
      const assignments = supervisor.locator('cc-assignments');
      await assignments.getByRole('button', { name: 'Split evenly' }).click();
      await expect
        .poll(() => textOf(assignments.getByTestId('assignments-message')))
        .toMatch(new RegExp(`^Split ${remaining} documents between 2 coders`));
      const workload = assignments.getByTestId('workload');
      const assigned = async (id: string) =>
        Number(await textOf(workload.locator(`tr[data-coder="${id}"] [data-testid="assigned"]`)));
      const [forAuthors, forSynthetic] = [await assigned(authors.id), await assigned(synthetic.id)];
      expect(forAuthors + forSynthetic).toBe(remaining);
      expect(Math.abs(forAuthors - forSynthetic)).toBeLessThanOrEqual(1);
      const dealt = (
        await server.api<{ assignments: { documentId: string }[] }>(
          'GET',
          `/api/projects/${project.id}/assignments`,
        )
      ).body.assignments.map((x) => x.documentId);
      expect(dealt.filter((d) => doubleCoded.has(d))).toEqual([]);

      // One document given to both: the per-document list is edited and saved.
      const stored = (
        await server.api<{ assignments: { documentId: string; coders: string[] }[] }>(
          'GET',
          `/api/projects/${project.id}/assignments`,
        )
      ).body.assignments;
      const toShare = stored.find((x) => x.coders.length === 1 && x.coders[0] === synthetic.id)!;
      const shareTitle = (
        await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)
      ).body.find((d) => d.id === toShare.documentId)!.title;
      await assignments.getByLabel(`Study authors codes ${shareTitle}`, { exact: true }).check();
      await assignments.getByRole('button', { name: 'Save assignments' }).click();
      await expect.poll(() => assigned(authors.id)).toBe(forAuthors + 1);
      expect(await assigned(synthetic.id)).toBe(forSynthetic);
      expect(await seriousViolations(supervisor)).toEqual([]);
      expect(await scrollsSideways(supervisor)).toBe(false);

      // The coder's "My documents": the open round's documents first, then the assigned ones.
      await a.goto(`${server.http}/projects/${project.id}`);
      const mine = a.getByTestId('my-documents');
      await mine.waitFor();
      const order = await mine
        .locator('li')
        .evaluateAll((li) => li.map((l) => [l.getAttribute('data-document'), l.getAttribute('data-source')]));
      expect(order.slice(0, second!.documents.length)).toEqual(second!.documents.map((d) => [d, 'round']));
      expect(order.length).toBe(second!.documents.length + forAuthors + 1);
      expect(order.slice(second!.documents.length).every(([, s]) => s === 'assignment')).toBe(true);
      expect(await textOf(a.getByTestId('my-progress'))).toMatch(/^\d+ of \d+ done$/);
      expect(await seriousViolations(a)).toEqual([]);
    },
  );
});
