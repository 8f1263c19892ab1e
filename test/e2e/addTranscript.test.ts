/**
 * The project page's import dialog in a real browser: a file goes to the import route as it is, so
 * a Word file arrives as its text (not 3,000 characters of ZIP bytes) and a Windows-1252 file with
 * its quotes and dashes (and a warning at its row); pasted text that is empty is refused beside
 * the text field.
 */
import { readFileSync } from 'node:fs';
import { Document as DocxDocument, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import type { Document, Project } from '../../shared/schemas.ts';
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

describe.skipIf(skipWithoutChromium('e2e add a transcript'))('adding a transcript (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  async function texts(): Promise<Map<string, string>> {
    const docs = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
    const out = new Map<string, string>();
    for (const d of docs) {
      const coded = await server.api<CodedDocument>(
        'GET',
        `/api/projects/${project.id}/documents/${d.id}/codings`,
      );
      out.set(d.title, coded.body.text);
    }
    return out;
  }

  it(
    "sends .docx and Windows-1252 files through the import, and asks for a pasted transcript's title and text at the fields",
    { timeout: 120_000 },
    async () => {
      const reviewer = members.find((m) => m.role === 'reviewer')!;
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(page, server.http, reviewer.email, reviewer.password, `/projects/${project.id}`);
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import transcripts' });
      const file = dialog.getByLabel('Files to import');
      const row = (name: string) =>
        textOf(dialog.locator(`[data-file="${name}"] [data-testid="file-state"]`));

      const docx = await Packer.toBuffer(
        new DocxDocument({
          sections: [{ children: [new Paragraph('Q: How was the move?'), new Paragraph('A: Hard.')] }],
        }),
      );
      await file.setInputFiles({
        name: 'ward-3.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: docx,
      });
      await expect.poll(() => row('ward-3.docx')).toBe('added “ward-3”');
      expect((await texts()).get('ward-3')).toBe('Q: How was the move?\n\nA: Hard.');

      await file.setInputFiles({
        name: 'cp1252-interview.txt',
        mimeType: 'text/plain',
        buffer: readFileSync(new URL('../fixtures/field-cases/cp1252-interview.txt', import.meta.url)),
      });
      await expect.poll(() => row('cp1252-interview.txt')).toBe('added “cp1252-interview”');
      expect(await textOf(dialog.getByRole('list', { name: 'Warnings for cp1252-interview.txt' }))).toBe(
        'cp1252-interview.txt is not UTF-8; it was read as Windows-1252',
      );
      expect((await texts()).get('cp1252-interview')).toContain(
        'Let\u2019s start \u2013 the \u201Cnew rota\u201D.',
      );

      const before = (await texts()).size;
      await dialog.getByRole('tab', { name: 'Paste a transcript' }).click();
      await dialog.getByLabel('Title').fill('Nothing yet');
      await dialog.getByLabel('Transcript text').fill('   ');
      await dialog.getByRole('button', { name: 'Add transcript' }).click();
      await expect
        .poll(() => textOf(dialog.locator('#paste-text-error')))
        .toBe("paste the transcript's text");
      expect(await dialog.getByLabel('Transcript text').getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.getByLabel('Title').getAttribute('aria-invalid')).toBe('false');
      expect((await texts()).size).toBe(before);

      await dialog.getByLabel('Transcript text').fill('Q: Pasted?\nA: Yes.');
      await dialog.getByRole('button', { name: 'Add transcript' }).click();
      await expect.poll(() => textOf(dialog.getByTestId('paste-status'))).toBe('Added “Nothing yet”.');
      expect((await texts()).get('Nothing yet')).toBe('Q: Pasted?\nA: Yes.');
      await page.keyboard.press('Escape');
      await expect.poll(() => textOf(page.getByTestId('project-message'))).toBe('Added 3 documents.');
      // The sign-in page's first probe (401) is expected.
      expect(errors.filter((e) => !/\b401\b/.test(e))).toEqual([]);
      await context.close();
    },
  );
});
