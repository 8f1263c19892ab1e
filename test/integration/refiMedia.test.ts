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
import { archive, end, PDF, PDF_TEXT, TRANSCRIPT, turn2, turn3, WAV } from '../helpers/refiMediaProject.ts';
import type { Timeline } from '../../shared/sources.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, unzipBytes, unzipEntries, upload, xmllint } from '../helpers/transfer.ts';

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

/**
 * The recording and the PDF are kept as their documents' originals: served back byte for byte,
 * with the recording's timeline from the sync points (0, 480, 1,020, 1,500 ms at the turns).
 */
async function expectOriginals(projectId: string): Promise<void> {
  const docs = (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;
  const recording = docs.find((d) => d.title === 'Nurse interview')!;
  const report = docs.find((d) => d.title === 'Ward report')!;
  expect(recording.source).toMatchObject({ kind: 'audio', mediaType: 'audio/wav', bytes: WAV.length });
  expect(report.source).toMatchObject({ kind: 'pdf', mediaType: 'application/pdf', bytes: PDF.length });
  const wav = await download(server, `/api/projects/${projectId}/documents/${recording.id}/file`);
  expect(wav.status).toBe(200);
  expect(Buffer.from(wav.body).equals(Buffer.from(WAV))).toBe(true);
  const pdf = await download(server, `/api/projects/${projectId}/documents/${report.id}/file`);
  expect(Buffer.from(pdf.body).equals(Buffer.from(PDF))).toBe(true);
  const timeline = await server.api<Timeline>(
    'GET',
    `/api/projects/${projectId}/documents/${recording.id}/timeline`,
  );
  expect(timeline.body.cues.map(({ start, end: to, startMs, endMs }) => [start, to, startMs, endMs])).toEqual(
    [
      [0, turn2, 0, 480],
      [turn2, turn3, 480, 1020],
      [turn3, end, 1020, 1500],
    ],
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

    await expectOriginals(res.body.id);

    const exported = await download(server, `/api/projects/${res.body.id}/export/qdpx`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const entries = await unzipEntries(exported.body);
    const lint = await xmllint(entries.get('project.qde')!);
    expect(lint.ok, lint.output).toBe(true);
    // The originals travel inside the archive, byte for byte.
    const originals = [...(await unzipBytes(exported.body))].filter(([name]) =>
      /^sources\/.*\.(wav|pdf)$/.test(name),
    );
    expect(originals.map(([name]) => name.slice(-4)).sort()).toEqual(['.pdf', '.wav']);
    expect(Buffer.from(originals.find(([n]) => n.endsWith('.wav'))![1]).equals(Buffer.from(WAV))).toBe(true);
    expect(Buffer.from(originals.find(([n]) => n.endsWith('.pdf'))![1]).equals(Buffer.from(PDF))).toBe(true);
    const again = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'again.qdpx', data: exported.body },
    ]);
    expect(again.status).toBe(201);
    const second = await coded(again.body.id);
    expect(second).toHaveLength(first.length);
    expect(second).toEqual(expect.arrayContaining(first));
    await expectOriginals(again.body.id);
  });
});
