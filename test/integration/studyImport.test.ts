/**
 * The capacity benchmark's generated study (20 transcripts × 300 words) enters through the real
 * project import route of a real server: every document, code, coder and coding it holds arrives,
 * with each transcript's site as its attribute and the six coders as raters. The archive itself is
 * a valid REFI-QDA project carrying each generated transcript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../shared/agreement/index.ts';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import type { Document } from '../../shared/schemas.ts';
import { studyQdpx } from '../../bench/study/archive.ts';
import { planStudy, studyDocument } from '../../bench/study/generate.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { unzipEntries, upload, xmllint } from '../helpers/transfer.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.destroy();
});

describe('generated study import', () => {
  it('imports every document, code, coder and coding of the study', async () => {
    const plan = planStudy({ documents: 20, words: 300, seed: 3 });
    const { archive, counts } = studyQdpx(plan);
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);

    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'study.qdpx', data: Buffer.concat(chunks) },
    ]);
    expect(res.status).toBe(201);
    const summary = res.body.import;
    expect(summary.format).toBe('qdpx');
    expect(summary.warnings).toEqual([]);
    expect(summary.documents).toHaveLength(20);
    expect(summary.codes).toBe(66);
    expect(summary.codings).toBe(counts.codings);
    expect(summary.coders).toHaveLength(7);
    expect(summary.coders.filter((c) => c.rater)).toHaveLength(6);
    expect(summary.coders.filter((c) => c.consensus).map((c) => c.name)).toEqual(['Consensus']);

    const documents = await server.api<Document[]>('GET', `/api/projects/${res.body.id}/documents`);
    expect(documents.body.map((d) => d.title).sort()).toEqual(summary.documents.map((d) => d.title).sort());
    // Each transcript's site arrives as its attribute (a REFI variable).
    for (const d of documents.body) expect(d.title).toContain(d.attributes['Site']!);
    const report = await server.api<{ report: AgreementReport }>(
      'GET',
      `/api/projects/${res.body.id}/agreement`,
    );
    expect(report.status).toBe(200);
    expect(report.body.report.coders).toHaveLength(6);
  });

  it('writes a valid REFI-QDA project carrying each generated transcript in document order', async () => {
    const plan = planStudy({ documents: 20, words: 300, seed: 4 });
    const chunks: Buffer[] = [];
    for await (const chunk of studyQdpx(plan).archive) chunks.push(chunk as Buffer);
    const entries = await unzipEntries(Buffer.concat(chunks));
    expect(await xmllint(entries.get('project.qde')!)).toEqual({
      ok: true,
      output: expect.stringContaining('validates'),
    });
    const texts = [...entries].filter(([name]) => name.startsWith('sources/')).map(([, text]) => text);
    expect(texts).toEqual(plan.assignments.map((_, i) => studyDocument(plan, i).text));
  });
});
