/**
 * Importing PDFs over real HTTP through the same route as every other document format: a PDF
 * with a text layer becomes a document whose text is its pages' text; a scanned PDF, in a batch
 * or alone, is refused with the reason and nothing is created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { scannedPdf, twoPagePdf, TWO_PAGE_TEXT } from '../helpers/pdf.ts';
import { upload } from '../helpers/transfer.ts';

let server: TestServer;
let projectId: string;

beforeAll(async () => {
  server = await startServer();
  projectId = (await server.api<Project>('POST', '/api/projects', { name: 'PDFs' })).body.id;
});
afterAll(async () => {
  await server.destroy();
});

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
}

async function documents(): Promise<Document[]> {
  return (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;
}

describe('PDF import', () => {
  it('makes a PDF with a text layer a document whose text is its pages in reading order', async () => {
    const res = await upload<ImportSummary>(server, `/api/projects/${projectId}/documents/import`, [
      { name: 'Ward 3 interview.pdf', data: twoPagePdf() },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.documents).toEqual([
      {
        id: expect.any(String),
        title: 'Ward 3 interview',
        file: 'Ward 3 interview.pdf',
        turns: 0,
        speakers: [],
      },
    ]);
    const [doc] = await documents();
    expect(doc).toMatchObject({ title: 'Ward 3 interview', attributes: { file: 'Ward 3 interview.pdf' } });
    const coded = await server.api<CodedDocument>(
      'GET',
      `/api/projects/${projectId}/documents/${doc!.id}/codings`,
    );
    expect(coded.body.text).toBe(TWO_PAGE_TEXT.join('\n\n'));
  });

  it('refuses a scanned PDF alone, and a batch holding one, with the reason and nothing created', async () => {
    const before = await documents();
    const alone = await upload<ErrorBody>(server, `/api/projects/${projectId}/documents/import`, [
      { name: 'scan.pdf', data: scannedPdf() },
    ]);
    expect(alone.status).toBe(400);
    expect(alone.body.error.message).toBe(
      'scan.pdf has no text layer — it looks like a scanned PDF; Concord does not run OCR: run OCR in your PDF tool first and import the result',
    );
    const batch = await upload<ErrorBody>(server, `/api/projects/${projectId}/documents/import`, [
      { name: 'notes.txt', data: 'Interviewer: Hello.' },
      { name: 'scan.pdf', data: scannedPdf() },
    ]);
    expect(batch.status).toBe(400);
    expect(batch.body.error.issues).toEqual([
      { path: ['files', 'scan.pdf'], message: alone.body.error.message, code: 'validation' },
    ]);
    expect(await documents()).toEqual(before);
  });
});
