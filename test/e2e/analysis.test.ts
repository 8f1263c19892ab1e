/**
 * The analysis page in a real browser against the real analysis routes: retrieving a theme of the
 * demo codebook, jumping to a passage, opening a co-occurrence cell and a matrix cell, and a
 * coding made by another client appearing in the open retrieval without a reload.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addCoding } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Code, Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
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

interface Segments {
  segments: {
    documentId: string;
    codeId: string;
    codingId: string;
    layer: string;
    start: number;
    end: number;
    text: string;
  }[];
  total: number;
}

// An emoji before the coded passages: the page must convert code points for the coding view.
const TEXT = 'Interviewer: What changed? 🙂\n\nNurse: We lost the garden beds, and the team split up.';
const cp = (s: string) => [...TEXT.slice(0, TEXT.indexOf(s))].length;

describe.skipIf(skipWithoutChromium('e2e analysis'))('analysis page (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  const clients: Client[] = [];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));
  afterAll(() => closeAll(clients));

  const member = (name: string) => members.find((m) => m.name === name)!;
  const authors = () => member('Study authors');
  const supervisor = () => members.find((m) => m.role === 'reviewer')!;

  async function codebook(): Promise<Code[]> {
    return (await server.api<Code[]>('GET', `/api/projects/${project.id}/codebook`)).body;
  }

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, server.http, supervisor().email, supervisor().password, path);
    return { page, errors };
  }

  /** A new transcript coded by the study authors: two codes overlapping on "garden beds". */
  async function overlappingDocument(
    a: Code,
    b: Code,
  ): Promise<{ doc: Document; text: Client; layer: Client }> {
    const res = await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'Garden interview',
      text: TEXT,
    });
    expect(res.status).toBe(201);
    const doc = res.body;
    const text = connect(server.ws, roomName.text(doc.id), authors().token);
    const layer = connect(server.ws, roomName.layer(doc.id, authors().id), authors().token);
    clients.push(text, layer);
    await Promise.all([synced(text), synced(layer)]);
    const now = new Date().toISOString();
    addCoding(layer.doc, text.doc, {
      id: 'garden-a',
      codeId: a.id,
      start: cp('We lost'),
      end: cp('garden') + 'garden beds'.length,
      author: authors().id,
      now,
    });
    addCoding(layer.doc, text.doc, {
      id: 'garden-b',
      codeId: b.id,
      start: cp('garden'),
      end: cp(', and the team'),
      author: authors().id,
      now,
    });
    return { doc, text, layer };
  }

  it(
    'retrieves a theme’s passages and opens one selected in the coding view',
    { timeout: 120_000 },
    async () => {
      const codes = await codebook();
      const theme = codes.find((c) => c.parentId === null && codes.some((k) => k.parentId === c.id))!;
      const themeCodes = codes.filter((c) => c.parentId === theme.id);
      const expected = (
        await server.api<Segments>('GET', `/api/projects/${project.id}/segments?code=${theme.id}`)
      ).body;
      expect(expected.total).toBeGreaterThan(0);

      const { page, errors } = await open(`/projects/${project.id}/analysis`);
      await page.getByTestId('retrieve-empty').waitFor();
      await page.getByTestId('code-picker').getByLabel(theme.name, { exact: true }).check();
      await expect.poll(() => textOf(page.getByTestId('retrieve-total'))).toBe(`${expected.total} passages`);
      const passages = page.getByTestId('passage');
      expect(await passages.count()).toBe(expected.total);
      // Every passage is coded with one of the theme's codes, and shows its text highlighted.
      const chips = await passages.locator('.code-chip').allTextContents();
      expect(new Set(chips.map((c) => c.trim()))).toEqual(
        new Set(expected.segments.map((s) => themeCodes.find((c) => c.id === s.codeId)!.name)),
      );
      // The first passage shown is one the route lists, with its text highlighted.
      const shown = passages.first();
      const [codingId, layerId] = [
        await shown.getAttribute('data-coding'),
        await shown.getAttribute('data-layer'),
      ];
      const first = expected.segments.find((p) => p.codingId === codingId && p.layer === layerId)!;
      expect(await textOf(shown.locator('mark'))).toBe(first.text.replace(/\s+/g, ' ').trim());
      // Cited as the exports cite it: document, paragraph or turn number (and speaker).
      expect(await textOf(shown.locator('cite'))).toMatch(/^\(.+, ¶\d+(, .+)?\)$/);

      // Side by side: one column per coder who coded the theme.
      await page.getByRole('button', { name: 'By coder, side by side' }).click();
      const columns = await page.getByTestId('compare').locator('thead th[data-layer]').count();
      expect(columns).toBe(new Set(expected.segments.map((s) => s.layer)).size);
      await page.getByRole('button', { name: 'By document' }).click();

      // An attribute filter narrows the passages as the route does.
      const site = (
        await server.api<Segments>(
          'GET',
          `/api/projects/${project.id}/segments?code=${theme.id}&attribute=site:Site%20B`,
        )
      ).body;
      expect(site.total).toBeGreaterThan(0);
      expect(site.total).toBeLessThan(expected.total);
      await page.getByLabel('Attribute').selectOption('site');
      await page.getByLabel('Value').selectOption('Site B');
      await expect.poll(() => textOf(page.getByTestId('retrieve-total'))).toBe(`${site.total} passages`);

      // The CSV download holds the passages retrieved, with the same filters.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'CSV', exact: true }).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      for (const segment of site.segments) expect(csv).toContain(segment.text.split('\n')[0]!.slice(0, 40));
      await page.getByLabel('Attribute').selectOption('');
      await expect.poll(() => textOf(page.getByTestId('retrieve-total'))).toBe(`${expected.total} passages`);

      // Jump: the coding view opens with exactly the passage selected.
      await passages.first().getByRole('button', { name: 'Open in document' }).click();
      await page.waitForURL(new RegExp(`/documents/${first.documentId}\\?.*range=\\d+-\\d+`));
      await expect
        .poll(() =>
          page.locator('cc-transcript').evaluate((el) => {
            const view = (
              el as unknown as {
                view?: {
                  state: {
                    selection: { main: { from: number; to: number } };
                    doc: { sliceString(a: number, b: number): string };
                  };
                };
              }
            ).view;
            if (!view) return null;
            const { from, to } = view.state.selection.main;
            return view.state.doc.sliceString(from, to);
          }),
        )
        .toBe(first.text);
      // Back returns to the same retrieval: the choices are in the page's address.
      await page.goBack();
      await expect.poll(() => textOf(page.getByTestId('retrieve-total'))).toBe(`${expected.total} passages`);
      expect(await page.getByTestId('code-picker').getByLabel(theme.name, { exact: true }).isChecked()).toBe(
        true,
      );
      expect(new URL(page.url()).searchParams.getAll('code')).toEqual([theme.id]);
      // The address alone shows them too (a shared link), here grouped by coder.
      await page.getByRole('button', { name: 'By coder, side by side' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('group')).toBe('coder');
      const shared = await (await browser.newContext()).newPage();
      await signIn(
        shared,
        server.http,
        supervisor().email,
        supervisor().password,
        new URL(page.url()).pathname + new URL(page.url()).search,
      );
      await expect
        .poll(() => shared.getByTestId('compare').locator('thead th[data-layer]').count())
        .toBe(columns);
      expect(errors).toEqual([]);
    },
  );

  it(
    'opens the overlapping passages of a co-occurrence cell, shows matrix counts, and follows new codings live',
    { timeout: 120_000 },
    async () => {
      const codes = (await codebook()).filter((c) => c.parentId !== null);
      const [a, b, c] = [codes[0]!, codes[1]!, codes[2]!];
      const { doc, text, layer } = await overlappingDocument(a, b);
      const authorsName = authors().name;

      const { page, errors } = await open(`/projects/${project.id}/analysis?view=cooccurrence`);
      const tab = page.getByRole('tab', { name: 'Co-occurrence' });
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      // The supervisor codes nothing: the menu starts at a layer with codings, and lists only those
      // (and the supervisor's own).
      const coded = (
        await server.api<{ layers: { id: string; name: string }[] }>(
          'GET',
          `/api/projects/${project.id}/export/layers`,
        )
      ).body.layers;
      expect(coded.some((l) => l.id === supervisor().id)).toBe(false);
      const layerMenu = page.getByLabel('Layer');
      const value = () => layerMenu.inputValue();
      await expect
        .poll(async () => {
          const chosen = await value();
          return coded.some((l) => l.id === chosen);
        })
        .toBe(true);
      expect(
        (
          await layerMenu.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
        ).sort(),
      ).toEqual([...coded.map((l) => l.id), supervisor().id].sort());
      await page.getByTestId('cooccurrence').waitFor();
      // The diagonal is on a scale of its own, and the legend says so.
      await expect
        .poll(() => textOf(page.getByTestId('heat-legend')))
        .toMatch(
          /Diagonal \(grey\): codings of the code, darkest at \d+.*Other cells \(blue\): overlapping pairs/,
        );
      await layerMenu.selectOption({ label: authorsName });
      await expect.poll(() => new URL(page.url()).searchParams.get('cooccurrence-layer')).toBe(authors().id);
      const answer = (
        await server.api<{ codes: string[]; counts: number[][] }>(
          'GET',
          `/api/projects/${project.id}/cooccurrence?layer=${authors().id}`,
        )
      ).body;
      const count = answer.counts[answer.codes.indexOf(a.id)]![answer.codes.indexOf(b.id)]!;
      expect(count).toBeGreaterThanOrEqual(1);
      const cell = page.getByRole('button', {
        name: `${a.name} and ${b.name}: ${count} overlapping ${count === 1 ? 'pair' : 'pairs'}`,
      });
      await expect.poll(() => textOf(cell)).toBe(String(count));
      await cell.click();
      const pair = page.getByTestId('pair-passages');
      const garden = pair.locator(`[data-coding="garden-a"], [data-coding="garden-b"]`);
      await expect.poll(() => garden.count()).toBe(2);
      expect(await textOf(garden.first().locator('mark'))).toBe('We lost the garden beds');

      // The matrix, by document: the new transcript's cell for code a reads "1 in 1".
      await page.getByRole('tab', { name: 'Matrix' }).click();
      await page.waitForURL(/[?&]view=matrix(&|$)/);
      await page.getByLabel('Layer').selectOption({ label: authorsName });
      const matrixCell = page.getByRole('button', {
        name: `${a.name} in Garden interview: 1 in 1 (1 coding in 1 document)`,
      });
      await expect.poll(() => textOf(matrixCell)).toBe('1 in 1');
      await matrixCell.click();
      await expect
        .poll(() => page.getByTestId('cell-passages').locator('[data-coding="garden-a"]').count())
        .toBe(1);

      // Retrieve code c, then another client codes it: the passage appears without a reload.
      await page.getByRole('tab', { name: 'Retrieve' }).click();
      await page.getByTestId('code-picker').getByLabel(c.name, { exact: true }).check();
      await page.getByTestId('retrieve-total').waitFor();
      const before = Number((await textOf(page.getByTestId('retrieve-total'))).split(' ')[0]);
      await expect.poll(() => textOf(page.getByTestId('analysis-live'))).toMatch(/^Live · updated/);
      addCoding(layer.doc, text.doc, {
        id: 'team-c',
        codeId: c.id,
        start: cp('the team'),
        end: cp(' split up'),
        author: authors().id,
        now: new Date().toISOString(),
      });
      await expect
        .poll(() => textOf(page.getByTestId('retrieve-total')), { timeout: 15_000 })
        .toBe(`${before + 1} ${before + 1 === 1 ? 'passage' : 'passages'}`);
      const added = page.locator(`[data-testid="passage"][data-coding="team-c"]`);
      expect(await textOf(added.locator('mark'))).toBe('the team');
      expect(doc.title).toBe('Garden interview');
      expect(errors).toEqual([]);
    },
  );

  it(
    'stops showing another coder’s layer the moment the round turns blind',
    { timeout: 120_000 },
    async () => {
      const coder = authors();
      const other = member('Synthetic coder (generated)');
      const page = await (await browser.newContext()).newPage();
      const errors = pageErrors(page);
      await signIn(
        page,
        server.http,
        coder.email,
        coder.password,
        `/projects/${project.id}/analysis?view=cooccurrence`,
      );
      await page.getByLabel('Layer').selectOption({ label: other.name });
      await page
        .getByTestId('cooccurrence')
        .locator('td button')
        .filter({ hasNotText: /^\s*0\s*$/ })
        .first()
        .click();
      const theirs = page.getByTestId('pair-passages').locator(`[data-layer="${other.id}"]`);
      await expect.poll(() => theirs.count()).toBeGreaterThan(0);
      try {
        expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
        // No reload: the other coder's passages go, and only the coder's own layer is offered.
        await expect.poll(() => theirs.count()).toBe(0);
        await expect
          .poll(() => page.getByLabel('Layer').locator('option').allTextContents(), { timeout: 15_000 })
          .toEqual(['Your coding']);
        await page.getByTestId('analysis-blind').waitFor();
        await page.getByTestId('cooccurrence').waitFor();
        // Retrieve offers the same single layer.
        await page.getByRole('tab', { name: 'Retrieve' }).click();
        const coders = page.getByRole('group', { name: 'Coders' }).getByRole('checkbox');
        await expect.poll(() => coders.count()).toBe(1);
        expect(await page.getByRole('group', { name: 'Coders' }).getByLabel('Your coding').isChecked()).toBe(
          true,
        );
      } finally {
        await server.api('PATCH', `/api/projects/${project.id}`, { blind: false });
      }
      expect(errors).toEqual([]);
    },
  );
});
