/**
 * REFI-QDA with a recording and a PDF over real HTTP: a `.qdpx` holding an `AudioSource` with
 * its transcript, sync points and transcript selections and a `PDFSource` with its text
 * representation imports as documents with their texts and codings, the page-area and time-range
 * selections named in the warnings; the project's export validates against the schema and imports
 * again with the same texts and codings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import type { Document } from '../../shared/schemas.ts';
import { archive, PDF_TEXT, TRANSCRIPT } from '../helpers/refiMediaProject.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, unzipEntries, upload, xmllint } from '../helpers/transfer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.destroy();
});

/** Each document's title and text, and its codings as quoted text, by code name. */
async function coded(projectId: string) {
  const docs = (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;
  return Promise.all(
    docs.map(async (d) => {
      const document = (
        await server.api<CodedDocument>('GET', `/api/projects/${projectId}/documents/${d.id}/codings`)
      ).body;
      const quotes = document.codings
        .map((c) => Array.from(document.text).slice(c.start, c.end).join(''))
        .sort();
      return { title: d.title, text: document.text, quotes };
    }),
  );
}

describe('REFI-QDA recordings and PDFs over HTTP', () => {
  it('imports texts and text codings, warns about page areas, places time ranges on the transcript, and exports a valid .qdpx that imports again', async () => {
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'night-shifts.qdpx', data: await archive() },
    ]);
    expect(res.status).toBe(201);
    const warnings = res.body.import.warnings.join('\n');
    expect(warnings).toMatch(/PDF selections mark areas of a page, not text; they were not imported: 1/);
    expect(warnings).toMatch(/time ranges of recordings were coded on the transcript spoken then.*: 1/);
    const first = await coded(res.body.id);
    expect(first).toEqual(
      expect.arrayContaining([
        {
          title: 'Nurse interview',
          text: TRANSCRIPT,
          quotes: [
            TRANSCRIPT.slice(0, TRANSCRIPT.indexOf('Interviewer: And')),
            'Nurse: Long. Quiet, mostly.\n',
            'Quiet, mostly.',
          ],
        },
        { title: 'Ward report', text: PDF_TEXT, quotes: ['Staffing was short on nights.'] },
      ]),
    );

    const exported = await download(server, `/api/projects/${res.body.id}/export/qdpx`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const lint = await xmllint((await unzipEntries(exported.body)).get('project.qde')!);
    expect(lint.ok, lint.output).toBe(true);
    const again = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'again.qdpx', data: exported.body },
    ]);
    expect(again.status).toBe(201);
    const second = await coded(again.body.id);
    expect(second).toHaveLength(first.length);
    expect(second).toEqual(expect.arrayContaining(first));
  });
});
