/**
 * `.qdpx` archives with a recording and a PDF in `sources/`: a project made here (a generated
 * WAV, a one-page PDF, a transcript with sync points and text codings) read with the checked zip
 * reader, written back as an archive, read again — transcript, timeline, codings and the files'
 * bytes survive. Original files count toward the zip limits; the export opens kept files one at a
 * time and stores them uncompressed.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { AppError } from '../../../shared/errors.ts';
import { PortableProjectSchema, type PortableProject } from '../../../shared/interchange/portable.ts';
import { writeRefiProject } from '../../../shared/interchange/refi/writeProject.ts';
import { derivedGuid } from '../../../server/services/export/ExportService.ts';
import { qdpxArchive } from '../../../server/services/export/qdpxArchive.ts';
import { readQdpx } from '../../../server/services/import/qdpx.ts';
import { DEFAULT_ZIP_LIMITS } from '../../../server/services/import/zip.ts';
import { xmllint } from '../../helpers/transfer.ts';
import {
  archive,
  end,
  G,
  wavOf,
  PDF,
  PDF_TEXT,
  TRANSCRIPT,
  turn2,
  turn3,
  WAV,
} from '../../helpers/refiMediaProject.ts';

const NOW = '2025-01-01T00:00:00.000Z';
const OPTIONS = { now: NOW, fallbackName: 'Study' };

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Each entry's compression method and bytes. */
async function entries(data: Buffer): Promise<Map<string, { method: number; data: Buffer }>> {
  const file = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const out = new Map<string, { method: number; data: Buffer }>();
  for await (const entry of file.eachEntry()) {
    out.set(entry.fileName, {
      method: entry.compressionMethod,
      data: await bytesOf((await file.openReadStreamPromise(entry)) as Readable),
    });
  }
  return out;
}

/** What must survive a round trip: documents with their files and timelines, and the codings. */
function kept(project: PortableProject) {
  return {
    documents: project.documents.map((d) => ({
      key: d.key,
      title: d.title,
      text: d.text,
      cues: d.cues,
      source: d.source && { ...d.source, data: Buffer.from(d.source.data ?? []).toString('hex') },
    })),
    codings: project.codings
      .map((c) => ({
        key: c.key,
        document: c.document,
        coder: c.coder,
        code: c.code,
        start: c.start,
        end: c.end,
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

describe('.qdpx with a recording and a PDF', () => {
  it('imports the transcript, its sync points as cues, text codings and the files; warns about page areas and where time ranges were widened to cues', async () => {
    const { project, warnings } = await readQdpx(await archive(), 'study.qdpx', DEFAULT_ZIP_LIMITS, OPTIONS);
    expect(PortableProjectSchema.parse(project)).toBeTruthy();
    const [interview, report] = project.documents;
    expect(interview).toMatchObject({
      title: 'Nurse interview',
      text: TRANSCRIPT,
      source: {
        kind: 'audio',
        fileName: 'Nurse interview.wav',
        mediaType: 'audio/wav',
        bytes: WAV.byteLength,
      },
      cues: [
        { start: 0, end: turn2, startMs: 0, endMs: 480 },
        { start: turn2, end: turn3, startMs: 480, endMs: 1020 },
        { start: turn3, end, startMs: 1020, endMs: 1500 },
      ],
    });
    expect(Buffer.from(interview!.source!.data!).equals(Buffer.from(WAV))).toBe(true);
    expect(report).toMatchObject({
      title: 'Ward report',
      text: PDF_TEXT,
      source: { kind: 'pdf', bytes: PDF.byteLength },
    });
    expect(Buffer.from(report!.source!.data!).equals(Buffer.from(PDF))).toBe(true);
    const quoted = project.codings.map((c) => {
      const text = project.documents.find((d) => d.key === c.document)!.text;
      return [c.coder, c.code, Array.from(text).slice(c.start, c.end).join('')];
    });
    expect(quoted).toEqual([
      [G(1), G(10), 'Nurse: Long. Quiet, mostly.\n'],
      [G(2), G(11), 'Quiet, mostly.'],
      // 200–900 ms overlaps the first two cues.
      [G(1), G(11), Array.from(TRANSCRIPT).slice(0, turn3).join('')],
      [G(2), G(10), 'Staffing was short on nights.'],
    ]);
    expect([...warnings].sort()).toEqual([
      "<PDFSelection> PDF selections mark areas of a page, not text; they were not imported: 1 (e.g. page 1 of 'Ward report')",
      'time ranges of recordings were coded on the transcript spoken then, from the start of its first cue to the end of its last: 1 (e.g. Nurse interview)',
    ]);
  });

  it('import → export → import keeps transcript, cues, codings and the files byte for byte', async () => {
    const first = (await readQdpx(await archive(), 'study.qdpx', DEFAULT_ZIP_LIMITS, OPTIONS)).project;
    const written = writeRefiProject(first, { guid: derivedGuid, origin: 'test', now: NOW });
    const exported = await bytesOf(qdpxArchive(written, undefined, new Date(NOW)));
    const inside = await entries(exported);
    const lint = await xmllint(inside.get('project.qde')!.data.toString('utf8'));
    expect(lint.ok, lint.output).toBe(true);
    // Media are compressed already: stored as they are.
    expect(inside.get(`sources/${G(20)}.wav`)).toMatchObject({ method: 0 });
    expect(inside.get(`sources/${G(60)}.pdf`)).toMatchObject({ method: 0 });
    const again = await readQdpx(exported, 'again.qdpx', DEFAULT_ZIP_LIMITS, OPTIONS);
    expect(again.warnings).toEqual([]);
    expect(kept(again.project)).toEqual(kept(first));
  });

  it('exports kept files read by their digest, one at a time', async () => {
    const first = (await readQdpx(await archive(), 'study.qdpx', DEFAULT_ZIP_LIMITS, OPTIONS)).project;
    const kept = new Map<string, Uint8Array>();
    const byDigest: PortableProject = {
      ...first,
      documents: first.documents.map((d) => {
        if (!d.source?.data) return d;
        const sha256 = createHash('sha256').update(d.source.data).digest('hex');
        kept.set(sha256, d.source.data);
        const { data: _data, ...source } = d.source;
        return { ...d, source: { ...source, sha256 } };
      }),
    };
    let open = 0;
    let most = 0;
    const read = (sha256: string) => {
      const stream = Readable.from([kept.get(sha256)!]);
      open += 1;
      most = Math.max(most, open);
      // Read to its end before the next is opened.
      stream.once('end', () => (open -= 1));
      return stream;
    };
    const written = writeRefiProject(byDigest, { guid: derivedGuid, origin: 'test', now: NOW });
    const inside = await entries(await bytesOf(qdpxArchive(written, read, new Date(NOW))));
    expect(inside.get(`sources/${G(20)}.wav`)!.data.equals(Buffer.from(WAV))).toBe(true);
    expect(inside.get(`sources/${G(60)}.pdf`)!.data.equals(Buffer.from(PDF))).toBe(true);
    expect(most).toBe(1);
  });

  it('a kept file that cannot be read fails the export stream', async () => {
    const first = (await readQdpx(await archive(), 'study.qdpx', DEFAULT_ZIP_LIMITS, OPTIONS)).project;
    const withoutFile: PortableProject = {
      ...first,
      documents: first.documents.map((d) =>
        d.source ? { ...d, source: { ...d.source, data: undefined, sha256: 'a'.repeat(64) } } : d,
      ),
    };
    const written = writeRefiProject(withoutFile, { guid: derivedGuid, origin: 'test', now: NOW });
    const failing = () =>
      new Readable({
        read() {
          this.destroy(new Error('no such kept file'));
        },
      });
    await expect(bytesOf(qdpxArchive(written, failing, new Date(NOW)))).rejects.toThrow('no such kept file');
  });

  it('a recording in the archive counts toward the zip limits', async () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 10_000 };
    const error = await readQdpx(
      await archive({ 'sources/nurse.wav': wavOf(1000) }),
      'big.qdpx',
      limits,
      OPTIONS,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('payloadTooLarge');
    expect((error as AppError).message).toMatch(/entry "sources\/nurse\.wav" declares .* more than/);
  });
});
