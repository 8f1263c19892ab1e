/**
 * Files in and out in a real browser: transcripts dropped on a project's import dialog (a
 * scanned PDF refused at its row in plain words, with no document made), files picked with the file picker,
 * a .qdpx and a .qdc dropped or picked on the project list becoming projects, every export
 * downloaded from the project's Export menu and the agreement report from the dashboard, each
 * file opened and checked. Also measures the researcher's path for 20 Word transcripts and for
 * a .qdpx on this machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document as DocxDocument, Packer, Paragraph } from 'docx';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import { parseCsv } from '../helpers/csv.ts';
import { scannedPdf } from '../helpers/pdf.ts';
import type { TestServer } from '../helpers/server.ts';
import { download as apiDownload, unzipEntries, xmllint } from '../helpers/transfer.ts';
import { seriousViolations } from './axe.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  type DemoMember,
  type E2eBrowser,
} from './browser.ts';

interface FileSpec {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

async function docx(paragraphs: string[]): Promise<Buffer> {
  return Packer.toBuffer(
    new DocxDocument({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }),
  );
}

/**
 * Drops files on the dialog's drop zone as a person dragging them from their desktop would: a
 * DataTransfer holding File objects built in the page from the files' bytes.
 */
async function dropFiles(page: Page, files: FileSpec[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, base64: f.buffer.toString('base64') }));
  await page.getByTestId('drop-zone').evaluate((zone, list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    zone.dispatchEvent(
      new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, payload);
}

/** The text at a file's row of the import dialog. */
const rowState = (page: Page, name: string) =>
  textOf(page.locator(`[data-file="${name}"] [data-testid="file-state"]`));

describe.skipIf(skipWithoutChromium('e2e import and export'))('files in and out (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  let dir: string;
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-downloads-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const supervisor = () => members.find((m) => m.name === 'Demo supervisor')!;
  const documents = async (projectId: string, token = supervisor().token) =>
    (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`, undefined, token)).body;
  const projects = async () =>
    (await server.api<Project[]>('GET', '/api/projects', undefined, supervisor().token)).body;

  async function signedIn(path: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = pageErrors(page);
    await signIn(page, server.http, supervisor().email, supervisor().password, path);
    return { page, errors };
  }

  /** Clicks what starts a download and returns the saved file's name and bytes. */
  async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; data: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = join(dir, `${Date.now()}-${file.suggestedFilename()}`);
    await (file as Download).saveAs(path);
    return { name: file.suggestedFilename(), data: await readFile(path) };
  }

  it(
    "adds dropped .docx and .vtt transcripts, refuses a scanned .pdf at its row with the server's words and adds nothing for it, and takes picked files and pasted text",
    { timeout: 120_000 },
    async () => {
      const { page, errors } = await signedIn(`/projects/${project.id}`);
      const before = await documents(project.id);
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import transcripts' });
      await dialog.waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await dropFiles(page, [
        {
          name: 'ward-3.docx',
          mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          buffer: await docx(['Interviewer: How was the move?', 'Nurse: Hard, at first.']),
        },
        {
          name: 'team meeting.vtt',
          mimeType: 'text/vtt',
          buffer: Buffer.from('WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ana>We start with the rota.</v>\n'),
        },
        { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from(scannedPdf()) },
      ]);
      await expect.poll(() => rowState(page, 'ward-3.docx')).toBe('added “ward-3”');
      await expect.poll(() => rowState(page, 'team meeting.vtt')).toBe('added “team meeting”');
      await expect
        .poll(() => rowState(page, 'scan.pdf'))
        .toBe(
          'refused: scan.pdf has no text layer — it looks like a scanned PDF; Concord does not run OCR: run OCR in your PDF tool first and import the result',
        );
      await expect
        .poll(() => textOf(page.getByTestId('import-summary')))
        .toBe('Added 2 documents; 1 file was refused.');
      const after = await documents(project.id);
      expect(after.map((d) => d.title).sort()).toEqual(
        [...before.map((d) => d.title), 'ward-3', 'team meeting'].sort(),
      );
      // The page's list follows without a reload.
      await page.locator('cc-project-page').getByRole('link', { name: 'team meeting' }).waitFor();

      // The file picker: the button opens it; files go through the same route.
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        dialog.getByRole('button', { name: 'Choose files…' }).click(),
      ]);
      expect(chooser.isMultiple()).toBe(true);
      expect(await page.locator('cc-import-dialog input[type=file]').getAttribute('accept')).toBe(
        '.txt,.md,.docx,.vtt,.srt,.pdf,.mp3,.m4a,.wav,.ogg,.mp4,.webm,.qdpx,.qdc',
      );
      await chooser.setFiles([
        {
          name: 'notes.md',
          mimeType: 'text/markdown',
          buffer: Buffer.from('# Visit\n\nQ: Ready?\nA: Yes.\n'),
        },
        { name: 'study.qdpx', mimeType: 'application/zip', buffer: Buffer.from('PK') },
      ]);
      await expect.poll(() => rowState(page, 'notes.md')).toBe('added “notes”');
      await expect
        .poll(() => rowState(page, 'study.qdpx'))
        .toBe(
          'refused: study.qdpx: a REFI-QDA project or codebook becomes a new project of its own; import it from the project list (POST /api/projects/import)',
        );

      // Pasting: each field says what it needs, then the transcript goes through the same checks.
      await dialog.getByRole('tab', { name: 'Paste a transcript' }).click();
      await dialog.getByRole('button', { name: 'Add transcript' }).click();
      await expect
        .poll(() => textOf(dialog.locator('#paste-title-error')))
        .toBe('Give the transcript a title (up to 500 characters).');
      await expect
        .poll(() => textOf(dialog.locator('#paste-text-error')))
        .toBe('Paste the transcript’s text (up to 5,000,000 characters).');
      expect(await dialog.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
      await dialog.getByLabel('Title').fill('Phone call');
      await dialog.getByLabel('Transcript text').fill('Q: Can you hear me?\nA: Yes.');
      await dialog.getByRole('button', { name: 'Add transcript' }).click();
      await expect.poll(() => textOf(dialog.getByTestId('paste-status'))).toBe('Added “Phone call”.');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect
        .poll(() => textOf(page.getByTestId('project-message')))
        .toBe('Added 4 documents; 2 files were refused.');
      expect((await documents(project.id)).length).toBe(before.length + 4);
      // The refused uploads (415 for the project file, 400 for the scanned PDF) are the only
      // errors the page logged.
      expect(errors.filter((e) => !/status of (400|415)/.test(e))).toEqual([]);
      await page.context().close();
    },
  );

  it(
    'lists the transcripts of one import in the order they were chosen, with the time they were added',
    { timeout: 120_000 },
    async () => {
      const fresh = (await server.api<Project>('POST', '/api/projects', { name: 'Order study' })).body;
      await server.api('POST', `/api/projects/${fresh.id}/members`, {
        userId: supervisor().id,
        role: 'owner',
      });
      const { page, errors } = await signedIn(`/projects/${fresh.id}`);
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      // The first file is the largest: uploaded side by side, it would be written last.
      const names = Array.from({ length: 8 }, (_, i) => `interview0${i + 1}`);
      await page.locator('cc-import-dialog input[type=file]').setInputFiles(
        names.map((name, i) => ({
          name: `${name}.txt`,
          mimeType: 'text/plain',
          buffer: Buffer.from(
            `Q: Interview ${i + 1}?\nA: ${'Yes, and more. '.repeat(i === 0 ? 20_000 : 5)}\n`,
          ),
        })),
      );
      for (const name of names)
        await expect.poll(() => rowState(page, `${name}.txt`)).toBe(`added “${name}”`);
      await page
        .getByRole('dialog', { name: 'Import transcripts' })
        .getByRole('button', { name: 'Done' })
        .click();
      expect((await documents(fresh.id)).map((d) => d.title)).toEqual(names);
      // Sorted by date added, oldest first: the order chosen; the date shows the time too.
      const table = page.getByTestId('documents');
      await page.getByTestId('document-sort').selectOption('added');
      const titles = () => table.locator('tbody tr td.title a').allTextContents();
      await expect.poll(titles).toEqual(names);
      const added = await textOf(table.locator('tbody tr time').first());
      expect(added).toMatch(/\d{1,2}[:.]\d{2}/);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it("shows each file's upload progress while it is sent", { timeout: 120_000 }, async () => {
    const { page } = await signedIn(`/projects/${project.id}`);
    // A slow line, so the upload of a 1.3 MB transcript takes a few seconds.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 400 * 1024,
    });
    await page.getByRole('button', { name: 'Import transcripts…' }).click();
    // Varied text: a .qdpx export of this project is imported again below, and a text that only
    // repeats itself would compress past the zip-bomb ratio the import refuses.
    const long = Array.from(
      { length: 20_000 },
      () => `Interviewer: And then?\nNurse: ${randomBytes(24).toString('base64')}\n`,
    ).join('');
    await dropFiles(page, [
      { name: 'long interview.txt', mimeType: 'text/plain', buffer: Buffer.from(long) },
    ]);
    const progress = page.getByRole('progressbar', { name: 'Uploading long interview.txt' });
    await expect.poll(() => rowState(page, 'long interview.txt')).toMatch(/^uploading ([1-9]|[1-9]\d)%$/);
    expect(Number(await progress.getAttribute('value'))).toBeGreaterThan(0);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await expect
      .poll(() => rowState(page, 'long interview.txt'), { timeout: 60_000 })
      .toBe('added “long interview”');
    await page.context().close();
  });

  it(
    'makes a new project of each .qdpx or .qdc on the project list, dropped or picked',
    { timeout: 120_000 },
    async () => {
      const qdpx = await apiDownload(server, `/api/projects/${project.id}/export/qdpx`, supervisor().token);
      const qdc = await apiDownload(server, `/api/projects/${project.id}/export/qdc`, supervisor().token);
      expect([qdpx.status, qdc.status]).toEqual([200, 200]);
      const demoDocuments = (await documents(project.id)).length;
      const { page } = await signedIn('/');
      const before = (await projects()).map((p) => p.id);
      await page.getByRole('button', { name: 'Import a project (.qdpx, .qdc)…' }).click();
      await page.getByRole('dialog', { name: 'Import a project' }).waitFor();
      await dropFiles(page, [
        { name: 'Ward study.qdpx', mimeType: 'application/zip', buffer: qdpx.body },
        { name: 'interview.txt', mimeType: 'text/plain', buffer: Buffer.from('Q: hi\nA: hi') },
      ]);
      await expect.poll(() => rowState(page, 'Ward study.qdpx')).toMatch(/^added “.+” · open it$/);
      expect(await rowState(page, 'interview.txt')).toBe(
        'refused: transcripts, PDFs and recordings are added to a project: open the project (or create one) and import them on its page',
      );
      await page.locator('cc-import-dialog input[type=file]').setInputFiles({
        name: 'Codebook 2024.qdc',
        mimeType: 'application/xml',
        buffer: qdc.body,
      });
      await expect.poll(() => rowState(page, 'Codebook 2024.qdc')).toBe('added “Codebook 2024” · open it');
      await page.getByRole('button', { name: 'Done' }).click();

      const made = (await projects()).filter((p) => !before.includes(p.id));
      expect(made.map((p) => p.name).sort()).toEqual(['Codebook 2024', project.name].sort());
      const fromQdpx = made.find((p) => p.name === project.name)!;
      expect((await documents(fromQdpx.id)).length).toBe(demoDocuments);
      // The list shows them without a reload.
      await page.locator('cc-project-list').getByRole('link', { name: 'Codebook 2024' }).waitFor();
      await page.context().close();
    },
  );

  it(
    'downloads every export from the menu, named after the project, and each file opens',
    { timeout: 180_000 },
    async () => {
      const { page } = await signedIn(`/projects/${project.id}`);
      const menu = page.getByRole('button', { name: 'Export ▾' });
      expect(await menu.getAttribute('aria-haspopup')).toBe('dialog');
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      const panel = page.getByRole('dialog', { name: 'Export' });
      await panel.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
      // Focus returns to the menu button (inside the page's shadow roots).
      await expect
        .poll(() =>
          page.evaluate(() => {
            let active = document.activeElement;
            while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
            return active?.getAttribute('aria-haspopup');
          }),
        )
        .toBe('dialog');
      await menu.click();

      const slug = 'clinical-leaders-in-integrated-care-governance-demo';
      const file = (label: string) =>
        downloaded(page, () => panel.getByRole('button', { name: label }).click());

      const qdpx = await file('REFI-QDA project (.qdpx)');
      expect(qdpx.name).toMatch(new RegExp(`^${slug}.*\\.qdpx$`));
      const entries = await unzipEntries(qdpx.data);
      const lint = await xmllint(entries.get('project.qde')!);
      expect(lint, lint.output).toMatchObject({ ok: true });

      const qdc = await file('REFI-QDA codebook (.qdc)');
      expect(qdc.name).toMatch(/-codebook\.qdc$/);
      expect(qdc.data.toString()).toMatch(/<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/);
      expect(qdc.data.toString()).toContain('Analytical contribution');

      const csv = await file('Codings as CSV');
      expect(csv.name).toMatch(/-codings\.csv$/);
      const lines = csv.data.toString().trim().split('\r\n');
      expect(lines[0]).toMatch(/^coding_id,/);
      expect(lines.length).toBeGreaterThan(10);

      const xlsx = await file('Codings as Excel (.xlsx)');
      expect(xlsx.name).toMatch(/-codings\.xlsx$/);
      const sheet = (await unzipEntries(xlsx.data)).get('xl/worksheets/sheet1.xml');
      expect(sheet).toContain('<row');

      // Quotes for a layer chosen by coder name.
      await panel.getByLabel('From the codings of').selectOption({ label: 'Study authors' });
      const md = await file('Markdown');
      expect(md.name).toMatch(/-quotes-study-authors\.md$/);
      const quote = /“([^”]+)”/.exec(md.data.toString())![1]!;
      const words = /[A-Za-z][A-Za-z ]{15,}[A-Za-z]/.exec(quote)![0];
      const html = await file('HTML');
      expect(html.name).toMatch(/-quotes-study-authors\.html$/);
      expect(html.data.toString()).toContain(words);
      const word = await file('Word (.docx)');
      expect(word.name).toMatch(/-quotes-study-authors\.docx$/);
      const documentXml = (await unzipEntries(word.data)).get('word/document.xml')!;
      expect(documentXml.replace(/<[^>]+>/g, '')).toContain(words);

      // Only layers with codings are offered: the two demo coders, not the supervisor (who never
      // coded) nor the still empty consensus.
      const coded = (
        await server.api<{ layers: { id: string; name: string; codings: number }[] }>(
          'GET',
          `/api/projects/${project.id}/export/layers`,
          undefined,
          supervisor().token,
        )
      ).body.layers;
      expect(coded.map((l) => l.name)).toEqual(
        members
          .filter((m) => m.name === 'Study authors' || m.name.startsWith('Synthetic'))
          .map((m) => m.name)
          .sort((a, b) => a.localeCompare(b)),
      );
      expect(coded.every((l) => l.codings > 0)).toBe(true);
      // The layers are listed once the panel has read them: wait for them.
      await expect
        .poll(() => panel.getByLabel('From the codings of').locator('option').allTextContents())
        .toEqual(coded.map((l) => l.name));

      // The agreement report, from the dashboard, with the unit and options on screen.
      await panel.getByRole('link', { name: 'Agreement report (HTML, CSV, JSON)' }).click();
      const downloads = page.getByTestId('agreement-downloads');
      await downloads.waitFor();
      await page.getByTestId('unit').selectOption('character');
      await expect
        .poll(() => textOf(page.getByTestId('report-options')))
        .toBe('Unit: characters; options: no confidence intervals, any overlap counts as coded.');
      const report = (format: string) =>
        downloaded(page, () => downloads.getByRole('button', { name: format }).click());
      const json = await report('JSON');
      expect(json.name).toBe(`${slug}-agreement.json`);
      expect(JSON.parse(json.data.toString())).toMatchObject({ report: { unit: 'character' } });
      const reportCsv = await report('CSV');
      expect(reportCsv.name).toBe(`${slug}-agreement.csv`);
      expect(reportCsv.data.toString()).toMatch(/character/);
      const reportHtml = await report('HTML');
      expect(reportHtml.name).toBe(`${slug}-agreement.html`);
      expect(reportHtml.data.toString()).toMatch(/<html/i);
      await page.context().close();
    },
  );

  it(
    'measures: from the project list to 20 imported .docx transcripts, and to a downloaded .qdpx',
    { timeout: 180_000 },
    async () => {
      const name = 'Twenty interviews';
      const created = await server.api<Project>('POST', '/api/projects', { name }, supervisor().token);
      const files: FileSpec[] = [];
      for (let i = 1; i <= 20; i++) {
        const turns = Array.from({ length: 60 }, (_, t) =>
          t % 2 === 0
            ? `Interviewer: Question ${t} of interview ${i}?`
            : `Participant ${i}: An answer, turn ${t}.`,
        );
        files.push({
          name: `interview-${String(i).padStart(2, '0')}.docx`,
          mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          buffer: await docx(turns),
        });
      }
      const { page } = await signedIn('/');

      let start = performance.now();
      await page.goto(server.http);
      await page.locator(`cc-project-list a[href="/projects/${created.body.id}"]`).click();
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      await dropFiles(page, files);
      await expect
        .poll(() => textOf(page.getByTestId('import-summary')), { timeout: 120_000 })
        .toBe('Added 20 documents.');
      const imported = Math.round(performance.now() - start);
      expect((await documents(created.body.id)).length).toBe(20);
      await page.getByRole('button', { name: 'Done' }).click();

      start = performance.now();
      await page.goto(server.http);
      await page.locator(`cc-project-list a[href="/projects/${project.id}"]`).click();
      await page.getByRole('button', { name: 'Export ▾' }).click();
      const qdpx = await downloaded(page, () =>
        page
          .getByRole('dialog', { name: 'Export' })
          .getByRole('button', { name: 'REFI-QDA project (.qdpx)' })
          .click(),
      );
      const exported = Math.round(performance.now() - start);
      expect(qdpx.data.subarray(0, 2).toString()).toBe('PK');

      console.log(`measured: 20 .docx imported in ${imported} ms (from opening the project list)`);
      console.log(
        `measured: .qdpx downloaded in ${exported} ms (from opening the project list; ${qdpx.data.length} bytes)`,
      );
      await page.context().close();
    },
  );

  it(
    "offers a coder in a blind round only their own layer's quotes and no agreement report",
    { timeout: 120_000 },
    async () => {
      const coder = members.find((m) => m.name === 'Study authors')!;
      // A blind round for the coder, started through the API: this test is about the export menu.
      const docs = await documents(project.id);
      const round = await server.api<{ id: string }>(
        'POST',
        `/api/projects/${project.id}/rounds`,
        { name: 'Blind', blind: true, coders: [coder.id], documents: [docs[0]!.id] },
        supervisor().token,
      );
      expect(round.status).toBe(201);
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        await signIn(page, server.http, coder.email, coder.password, `/projects/${project.id}`);
        await expect.poll(() => textOf(page.getByTestId('round-state'))).toBe('Blind round');
        await page.getByRole('button', { name: 'Export ▾' }).click();
        const panel = page.getByRole('dialog', { name: 'Export' });
        const layer = panel.getByLabel('From the codings of');
        await expect.poll(() => layer.locator('option').allTextContents()).toEqual(['Study authors']);
        expect(await panel.getByRole('link', { name: /Agreement report/ }).count()).toBe(0);
        expect(await textOf(panel.locator('.agreement'))).toBe(
          'The agreement report is hidden while the round is blind.',
        );
        const md = await downloaded(page, () => panel.getByRole('button', { name: 'Markdown' }).click());
        expect(md.name).toMatch(/-quotes-study-authors\.md$/);
        // Their codings file holds their own layer only.
        const csv = await downloaded(page, () =>
          panel.getByRole('button', { name: 'Codings as CSV' }).click(),
        );
        const [header, ...rows] = parseCsv(csv.data.toString());
        const coderColumn = header!.indexOf('coder_id');
        expect(coderColumn).toBeGreaterThanOrEqual(0);
        expect(rows.length).toBeGreaterThan(0);
        expect([...new Set(rows.map((row) => row[coderColumn]))]).toEqual([coder.id]);
        await context.close();
      } finally {
        await server.api(
          'POST',
          `/api/projects/${project.id}/rounds/${round.body.id}/close?ci=0`,
          undefined,
          supervisor().token,
        );
      }
    },
  );
});
