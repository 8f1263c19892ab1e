/**
 * Recode rounds in the browser (issue 13, intra-coder agreement): a supervisor starts a round with
 * recoding on a document a coder already coded; the coder, on that document, is told they are
 * recoding, sees none of their earlier codings and codes into a fresh layer; the round closes and
 * its report shows each coder's agreement with themselves, equal to the server's figures.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCoefficient, formatPercent } from '../../client/src/model/agreementView.ts';
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

interface Overall {
  pooledKappa: number | null;
  gwetAC1: number | null;
  krippendorffAlpha: number | null;
  percentAgreement: number | null;
}

interface IntraJson {
  recodeLayer: string;
  report: { documentsPairable: number; documentCount: number; overall: Overall };
}

interface RoundJson {
  id: string;
  name: string;
  recode: boolean;
  status: string;
  coders: string[];
  documents: string[];
  agreement: { intraCoder?: Record<string, IntraJson> } | null;
}

describe.skipIf(skipWithoutChromium('e2e recode'))('recode rounds (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({ liveDebounceMs: 50 }, (f) => ({ server, browser, project, members } = f));

  const member = (name: string) => members.find((m) => m.name === name)!;
  const round = async (id: string) =>
    (await server.api<RoundJson>('GET', `/api/projects/${project.id}/rounds/${id}?ci=0`)).body;

  async function open(who: { email: string; password: string }, path: string, width = 1280): Promise<Page> {
    const context = await browser.browser.newContext({ viewport: { width, height: 900 } });
    const p = await context.newPage();
    await signIn(p, server.http, who.email, who.password, path);
    return p;
  }

  /** What the coding view lists for a layer: its name and its count ('' when not listed). */
  const layerRow = async (p: Page, layer: string) => {
    const row = p.getByTestId('layers').locator(`li[data-layer="${layer}"]`);
    if ((await row.count()) === 0) return '';
    return `${await textOf(row.locator('label'))}: ${await textOf(row.locator('span.muted'))}`;
  };
  const marks = (p: Page, layer: string) =>
    p.locator(`cc-transcript .cc-coding[data-coder="${layer}"]`).count();

  it(
    'hides a coder’s earlier codings while they recode, and reports their agreement with themselves',
    { timeout: 240_000 },
    async () => {
      const documents = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
      const doc = documents[0]!;
      const authors = member('Study authors');
      const synthetic = member('Synthetic coder (generated)');

      // The coder has coded this document already (the demo's codings, marked done).
      const coder = await open(authors, `/projects/${project.id}/documents/${doc.id}`);
      const coderErrors = pageErrors(coder);
      await coder.locator('cc-transcript .cm-content').waitFor();
      await expect.poll(() => marks(coder, authors.id)).toBeGreaterThan(0);
      const earlier = await marks(coder, authors.id);
      expect(await layerRow(coder, authors.id)).toBe(`Study authors (you): ${earlier}`);
      expect(await coder.getByTestId('recode-banner').count()).toBe(0);

      // The supervisor starts an open (not blind) round with recoding on that document.
      const supervisor = await open(member('Demo supervisor'), `/projects/${project.id}/rounds`, 800);
      const supervisorErrors = pageErrors(supervisor);
      const form = supervisor.getByTestId('start-round');
      await form.waitFor();
      await form.getByLabel('Name').fill('Stability');
      await form.getByRole('checkbox', { name: /^Blind/ }).uncheck();
      const recode = form.getByRole('checkbox', { name: /^Recode: coders code these documents again/ });
      expect(await recode.isChecked()).toBe(false);
      // The explanation is the checkbox's description: which documents, and what coders stop seeing.
      // Unticked, it says what recoding is for; ticked, which documents and what coders stop seeing.
      const hint = () => textOf(supervisor.locator('#recode-hint'));
      expect(await recode.getAttribute('aria-describedby')).toBe('recode-hint');
      expect(await hint()).toMatch(/^For intra-coder agreement/);
      await recode.check();
      await expect.poll(hint).toMatch(/already coded in an earlier round/);
      expect(await hint()).toMatch(/earlier codings of these documents are hidden from them/);
      // Recoding draws from documents of earlier rounds too.
      expect(
        await form.getByRole('checkbox', { name: /Include documents sampled in earlier rounds/ }).isChecked(),
      ).toBe(true);
      await form.getByRole('radio', { name: 'Pick documents' }).check();
      await form.getByRole('checkbox', { name: doc.title, exact: true }).check();
      expect(await seriousViolations(supervisor)).toEqual([]);
      await supervisor.getByRole('button', { name: 'Start the round…' }).click();
      await expect
        .poll(() => textOf(supervisor.getByTestId('rounds-message')))
        .toMatch(/^Started “Stability” with 1 document/);
      const listed = (await server.api<{ rounds: RoundJson[] }>('GET', `/api/projects/${project.id}/rounds`))
        .body.rounds;
      const started = listed.find((r) => r.name === 'Stability')!;
      expect(started).toMatchObject({ recode: true, status: 'open', documents: [doc.id] });
      expect(started.coders.sort()).toEqual([authors.id, synthetic.id].sort());
      const item = supervisor.locator(`li[data-round="${started.id}"]`);
      expect(await textOf(item.getByTestId('round-recode'))).toBe('Recode');
      const recodeLayer = `${authors.id}~${started.id}`;

      // The coder's open page turns to recoding without a reload: the banner, the empty recode
      // layer in place of their own, and none of their earlier codings on the transcript.
      const banner = coder.getByTestId('recode-banner');
      await banner.waitFor({ timeout: 20_000 });
      const bannerText =
        'Recoding for round ‘Stability’: your earlier codings of this document are hidden until the round closes.';
      expect(await textOf(banner)).toBe(bannerText);
      await expect.poll(() => layerRow(coder, recodeLayer)).toBe('Study authors (you, recoding): 0');
      expect(await layerRow(coder, authors.id)).toBe('');
      expect(await marks(coder, authors.id)).toBe(0);
      // The other coder's layer still shows: the round is not blind.
      expect(await marks(coder, synthetic.id)).toBeGreaterThan(0);

      // Opened afresh, the document never loads the earlier codings, not even for a moment: the
      // first layer's room is never opened (one socket per room, `/sync/<room>`).
      const rooms: string[] = [];
      coder.on('websocket', (ws) => rooms.push(decodeURIComponent(new URL(ws.url()).pathname)));
      await coder.reload();
      await banner.waitFor();
      await expect.poll(() => layerRow(coder, recodeLayer)).toBe('Study authors (you, recoding): 0');
      await expect.poll(() => marks(coder, synthetic.id)).toBeGreaterThan(0);
      expect(await marks(coder, authors.id)).toBe(0);
      expect(await layerRow(coder, authors.id)).toBe('');
      expect(rooms).toContain(`/sync/layer:${doc.id}:${recodeLayer}`);
      expect(rooms).not.toContain(`/sync/layer:${doc.id}:${authors.id}`);
      expect(await seriousViolations(coder)).toEqual([]);

      // The coder codes the document again, into the recode layer, and marks it done there.
      await codeFirstWord(coder, 1, '1');
      await codeFirstWord(coder, 3, '2');
      await expect.poll(() => marks(coder, recodeLayer)).toBe(2);
      expect(await marks(coder, authors.id)).toBe(0);
      await coder.getByTestId('done').check();
      await expect.poll(() => layerRow(coder, recodeLayer)).toMatch(/^Study authors \(you, recoding\): 2/);
      // The server counts the document as recoded and done once the layer has arrived.
      await expect
        .poll(
          async () => (await round(started.id)).agreement?.intraCoder?.[authors.id]?.report.documentsPairable,
          {
            timeout: 20_000,
          },
        )
        .toBe(1);

      // The supervisor sees the live intra-coder figures, then closes the round: they freeze.
      await item.getByRole('button', { name: 'Show agreement' }).click();
      const intra = item.getByTestId('intra-coder');
      await expect.poll(() => textOf(intra.getByTestId('intra-state'))).toMatch(/^Live/);
      await item.getByRole('button', { name: 'Close round…' }).click();
      await item.getByRole('button', { name: 'Close the round' }).click();
      await expect.poll(() => textOf(item.getByTestId('round-status'))).toBe('Closed');
      await expect
        .poll(() => textOf(intra.getByTestId('intra-state')))
        .toMatch(/^Frozen on .+, figures will not change\.$/);

      // Every figure shown equals the round's frozen intraCoder, coder by coder.
      const served = await round(started.id);
      expect(served.status).toBe('closed');
      const intraCoder = served.agreement!.intraCoder!;
      expect(Object.keys(intraCoder).sort()).toEqual([authors.id, synthetic.id].sort());
      expect(intraCoder[authors.id]!.recodeLayer).toBe(recodeLayer);
      expect(intraCoder[authors.id]!.report.overall.percentAgreement).not.toBeNull();
      for (const [coderId, { report }] of Object.entries(intraCoder)) {
        const row = intra.locator(`tr[data-coder="${coderId}"]`);
        const cell = (id: string) => textOf(row.getByTestId(id));
        expect(await cell('intra-documents')).toBe(`${report.documentsPairable} / ${report.documentCount}`);
        expect(await cell('intra-percent')).toBe(formatPercent(report.overall.percentAgreement));
        expect(await cell('intra-kappa')).toBe(formatCoefficient(report.overall.pooledKappa));
        expect(await cell('intra-ac1')).toBe(formatCoefficient(report.overall.gwetAC1));
        expect(await cell('intra-alpha')).toBe(formatCoefficient(report.overall.krippendorffAlpha));
      }
      // The other coder did not recode: nothing of theirs is paired.
      expect(intraCoder[synthetic.id]!.report.documentsPairable).toBe(0);
      expect(await seriousViolations(supervisor)).toEqual([]);
      const sideways = await supervisor.evaluate(() => {
        const page = document.querySelector('cc-app')?.shadowRoot?.querySelector('main')?.firstElementChild;
        const wide = (e: Element) => e.scrollWidth > e.clientWidth + 1;
        return wide(document.documentElement) || (page ? wide(page) : true);
      });
      expect(sideways).toBe(false);

      // Once the round closes, the coder's earlier codings are back and the banner is gone.
      await banner.waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => marks(coder, authors.id)).toBe(earlier);
      expect(await layerRow(coder, authors.id)).toBe(`Study authors (you): ${earlier}`);
      expect(await marks(coder, recodeLayer)).toBe(0);
      expect(coderErrors).toEqual([]);
      expect(supervisorErrors.filter((e) => !/\/rounds\/trajectory\)$/.test(e))).toEqual([]);
    },
  );
});
