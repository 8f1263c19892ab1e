/**
 * REFI-QDA PDF, audio and video sources as pure functions: a `PDFSource` read through its text
 * `Representation`, an `AudioSource` through its `Transcript` and `SyncPoint`s (the timeline),
 * selections of page areas and time ranges warned about, and write → schema-valid → read giving
 * back the same documents, timelines, files and codings.
 */
import { describe, expect, it } from 'vitest';
import { PortableProjectSchema, type PortableProject } from '../../../shared/interchange/portable.ts';
import { startsLike } from '../../../shared/interchange/refi/media.ts';
import { readRefiProjectXml } from '../../../shared/interchange/refi/readProject.ts';
import { writeRefiProject } from '../../../shared/interchange/refi/writeProject.ts';
import { derivedGuid } from '../../../server/services/export/ExportService.ts';
import { xmllint } from '../../helpers/transfer.ts';

const NOW = '2025-01-01T00:00:00.000Z';
const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const OPTIONS = { now: NOW, fallbackName: 'x' };

/** The code-point offset of the first `part` in `text`. */
const at = (text: string, part: string) => {
  const i = text.indexOf(part);
  if (i < 0) throw new Error(`${part} not in text`);
  return Array.from(text.slice(0, i)).length;
};
const length = (text: string) => Array.from(text).length;

const PDF_TEXT = 'Résumé 😀 of page one.\n\nPage two holds the finding.';
const TRANSCRIPT = 'Interviewer: How was the ward? 😀\nAnna: It was calm, mostly calm.\n';
const PDF_BYTES = new TextEncoder().encode('%PDF-1.4 (bytes carried as they are)');
const WAV_BYTES = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45]);
/** The start of a WebM (Matroska EBML header). */
const WEBM_BYTES = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);

const cueEnd = at(TRANSCRIPT, 'Anna');
const annaCalm = at(TRANSCRIPT, 'calm, mostly');

const QDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Media">
  <Users><User guid="${G(1)}" name="Ann"/></Users>
  <CodeBook><Codes><Code guid="${G(10)}" name="Calm" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <PDFSource guid="${G(20)}" name="Report" path="internal://report.pdf">
      <PDFSelection guid="${G(30)}" page="2" firstX="10" firstY="10" secondX="90" secondY="20" creatingUser="${G(1)}">
        <Representation guid="${G(31)}"><PlainTextContent>the finding</PlainTextContent></Representation>
        <Coding guid="${G(32)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
      </PDFSelection>
      <PDFSelection guid="${G(33)}" page="1" firstX="0" firstY="0" secondX="50" secondY="50" creatingUser="${G(1)}">
        <Coding guid="${G(34)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
      </PDFSelection>
      <Representation guid="${G(21)}">
        <PlainTextContent>${PDF_TEXT}</PlainTextContent>
        <PlainTextSelection guid="${G(35)}" startPosition="0" endPosition="${at(PDF_TEXT, ' of')}" creatingUser="${G(1)}">
          <Coding guid="${G(36)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
    <AudioSource guid="${G(40)}" name="Interview" path="internal://interview.wav">
      <Transcript guid="${G(41)}">
        <PlainTextContent>${TRANSCRIPT}</PlainTextContent>
        <SyncPoint guid="${G(42)}" timeStamp="0" position="0"/>
        <SyncPoint guid="${G(43)}" timeStamp="4000" position="${cueEnd}"/>
        <SyncPoint guid="${G(44)}" timeStamp="9500" position="${length(TRANSCRIPT)}"/>
        <SyncPoint guid="${G(45)}" position="${annaCalm}"/>
        <TranscriptSelection guid="${G(46)}" fromSyncPoint="${G(45)}" toSyncPoint="${G(44)}" creatingUser="${G(1)}">
          <Coding guid="${G(47)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
        </TranscriptSelection>
      </Transcript>
      <AudioSelection guid="${G(48)}" begin="1000" end="2000" creatingUser="${G(1)}">
        <Coding guid="${G(49)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
      </AudioSelection>
    </AudioSource>
    <VideoSource guid="${G(50)}" name="Clip" path="internal://clip.webm">
      <VideoSelection guid="${G(51)}" begin="0" end="500"/>
    </VideoSource>
  </Sources>
</Project>`;

const FILES: Record<string, Uint8Array> = { 'report.pdf': PDF_BYTES, 'interview.wav': WAV_BYTES };
const read = (qde: string, files: Record<string, Uint8Array>) =>
  readRefiProjectXml(qde, { read: () => undefined, file: (name) => files[name] }, OPTIONS);

/** The codings of a project by document title, with spans as text. */
function codedSpans(project: PortableProject) {
  return project.codings
    .map((c) => {
      const document = project.documents.find((d) => d.key === c.document)!;
      return [document.title, Array.from(document.text).slice(c.start, c.end).join(''), c.coder];
    })
    .sort((a, b) => a.join('|').localeCompare(b.join('|')));
}

describe('REFI-QDA PDF and recordings, read', () => {
  const { project, warnings } = read(QDE, FILES);

  it('reads a PDFSource as a PDF document: the representation’s text and its file', () => {
    const report = project.documents.find((d) => d.title === 'Report')!;
    expect(report.text).toBe(PDF_TEXT);
    expect(report.source).toMatchObject({
      kind: 'pdf',
      fileName: 'Report.pdf',
      mediaType: 'application/pdf',
      bytes: PDF_BYTES.byteLength,
    });
    expect(report.source!.data).toEqual(PDF_BYTES);
    expect(report.cues).toBeUndefined();
  });

  it('reads an AudioSource as its transcript, with cues between consecutive timed sync points', () => {
    const interview = project.documents.find((d) => d.title === 'Interview')!;
    expect(interview.text).toBe(TRANSCRIPT);
    expect(interview.source).toMatchObject({
      kind: 'audio',
      fileName: 'Interview.wav',
      mediaType: 'audio/wav',
    });
    expect(interview.cues).toEqual([
      { start: 0, end: cueEnd, startMs: 0, endMs: 4000 },
      { start: cueEnd, end: length(TRANSCRIPT), startMs: 4000, endMs: 9500 },
    ]);
  });

  it('codes text selections, PDF selections that carry their text, transcript selections and time ranges on the cues spoken then', () => {
    expect(codedSpans(project)).toEqual([
      ['Interview', 'calm, mostly calm.\n', G(1)],
      // 1000–2000 ms lies in the first cue.
      ['Interview', 'Interviewer: How was the ward? 😀\n', G(1)],
      ['Report', 'Résumé 😀', G(1)],
      ['Report', 'the finding', G(1)],
    ]);
    expect(PortableProjectSchema.safeParse(project).success).toBe(true);
  });

  it('warns about page areas, time ranges and a file missing from the archive', () => {
    expect(warnings).toEqual(
      expect.arrayContaining([
        "<PDFSelection> PDF selections mark areas of a page, not text; they were not imported: 1 (e.g. page 1 of 'Report')",
        'time ranges of recordings were coded on the transcript spoken then, from the start of its first cue to the end of its last: 1 (e.g. Interview)',
        '<VideoSelection> time ranges that no cue of a transcript covers were left out: 1 (e.g. Clip)',
        'recordings without a transcript or a media file in the archive were left out: 1 (e.g. Clip)',
        'PDF and media files missing from the archive: their text was imported without them: 1 (e.g. internal://clip.webm)',
      ]),
    );
    // A recording without a transcript and without its file leaves nothing to import.
    expect(project.documents.map((d) => d.title)).toEqual(['Report', 'Interview']);
  });

  it('a PDF without a text representation is left out with a warning', () => {
    const result = read(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><PDFSource guid="${G(20)}" name="Scan" path="internal://scan.pdf"/></Sources></Project>`,
      { 'scan.pdf': PDF_BYTES },
    );
    expect(result.project.documents).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(
      /PDF sources without a text <Representation> were left out.*: 1/,
    );
  });

  it('a recording without a transcript but with its file becomes a document to transcribe', () => {
    const result = read(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><VideoSource guid="${G(50)}" name="Clip" path="internal://clip.webm"><VideoSelection guid="${G(51)}" begin="0" end="500"/></VideoSource></Sources></Project>`,
      { 'clip.webm': WEBM_BYTES },
    );
    // Without a timeline, a time range has no text to code.
    expect(result.warnings).toContain(
      '<VideoSelection> time ranges that no cue of a transcript covers were left out: 1 (e.g. Clip)',
    );
    expect(result.project.codings).toEqual([]);
    expect(result.project.documents).toMatchObject([
      { title: 'Clip', text: '', source: { kind: 'video', mediaType: 'video/webm', fileName: 'Clip.webm' } },
    ]);
  });
  it('a file of a kind Concord does not keep is left out; its transcript is imported', () => {
    const result = read(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><VideoSource guid="${G(50)}" name="Clip" path="internal://clip.mov"><Transcript guid="${G(51)}"><PlainTextContent>Hello there.</PlainTextContent></Transcript></VideoSource></Sources></Project>`,
      { 'clip.mov': WAV_BYTES },
    );
    expect(result.project.documents).toMatchObject([{ title: 'Clip', text: 'Hello there.' }]);
    expect(result.project.documents[0]!.source).toBeUndefined();
    expect(result.warnings.join('\n')).toMatch(
      /files of a kind Concord does not keep \(\.pdf \.mp3 .*\): their text was imported without them: 1 \(e\.g\. clip\.mov\)/,
    );
  });
  it('an .mp4 of an AudioSource is kept as audio', () => {
    const mp4 = new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom')]);
    const result = read(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><AudioSource guid="${G(50)}" name="Talk" path="internal://talk.mp4"><Transcript guid="${G(51)}"><PlainTextContent>Hello.</PlainTextContent></Transcript></AudioSource></Sources></Project>`,
      { 'talk.mp4': mp4 },
    );
    expect(result.project.documents[0]!.source).toMatchObject({
      kind: 'audio',
      mediaType: 'audio/mp4',
      fileName: 'Talk.mp4',
    });
  });

  it('a file whose content is not what its name says is left out; its text is imported', () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const result = read(QDE, { 'report.pdf': html, 'interview.wav': WAV_BYTES });
    expect(result.project.documents.find((d) => d.title === 'Report')).toMatchObject({ text: PDF_TEXT });
    expect(result.project.documents.find((d) => d.title === 'Report')!.source).toBeUndefined();
    expect(result.warnings).toContain(
      'files whose content is not what their name says were left out; their text was imported without them: 1 (e.g. report.pdf)',
    );
  });
});

describe('startsLike', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
  it.each([
    ['.pdf', bytes('%PDF-1.7\n'), true],
    ['.pdf', bytes([0xef, 0xbb, 0xbf], '%PDF-1.4'), true],
    ['.pdf', bytes('<html>'), false],
    ['.wav', WAV_BYTES, true],
    ['.wav', bytes('RIFF', [0, 0, 0, 0], 'AVI '), false],
    ['.mp3', bytes('ID3', [4, 0]), true],
    ['.mp3', bytes([0xff, 0xfb, 0x90]), true],
    ['.mp3', bytes('OggS'), false],
    ['.ogg', bytes('OggS', [0]), true],
    ['.m4a', bytes([0, 0, 0, 0x20], 'ftypM4A '), true],
    ['.mp4', bytes([0, 0, 0, 0x18], 'ftypisom'), true],
    ['.mp4', bytes('ftyp'), false],
    ['.webm', WEBM_BYTES, true],
    ['.webm', WAV_BYTES, false],
  ] as const)('%s %#', (extension, data, expected) => {
    expect(startsLike(extension, data)).toBe(expected);
  });
});

describe('REFI-QDA PDF and recordings, written', () => {
  const first = read(QDE, FILES).project;
  const written = writeRefiProject(first, { guid: derivedGuid, origin: 'test', now: NOW });

  it('writes PDFSource with a Representation and AudioSource with a Transcript, valid against the schema', async () => {
    expect(written.qde).toContain(`<PDFSource guid="${G(20)}" name="Report" path="internal://${G(20)}.pdf"`);
    expect(written.qde).toMatch(
      /<Representation guid="[^"]+" plainTextPath="internal:\/\/[^"]+\.txt">\s*<PlainTextSelection/,
    );
    expect(written.qde).toContain(
      `<AudioSource guid="${G(40)}" name="Interview" path="internal://${G(40)}.wav"`,
    );
    expect(written.qde).toMatch(
      /<TranscriptSelection guid="[^"]+" fromSyncPoint="[^"]+" toSyncPoint="[^"]+"/,
    );
    expect(written.media.map((m) => [m.name, m.document])).toEqual([
      [`${G(20)}.pdf`, G(20)],
      [`${G(40)}.wav`, G(40)],
    ]);
    const lint = await xmllint(written.qde);
    expect(lint.ok, lint.output).toBe(true);
  });

  it('reads back the same texts, files, timelines and codings', () => {
    const files = Object.fromEntries(written.media.map((m) => [m.name, m.source.data!]));
    const texts = new Map(written.sources.map((s) => [s.name, s.text]));
    const again = readRefiProjectXml(
      written.qde,
      { read: (name) => texts.get(name), file: (name) => files[name] },
      OPTIONS,
    );
    expect(again.warnings).toEqual([]);
    const shape = (p: PortableProject) =>
      p.documents.map((d) => ({ key: d.key, title: d.title, text: d.text, source: d.source, cues: d.cues }));
    expect(shape(again.project)).toEqual(shape(first));
    expect(codedSpans(again.project)).toEqual(codedSpans(first));
    const spans = (p: PortableProject) =>
      p.codings.map((c) => [c.key, c.document, c.start, c.end, c.code, c.coder]).sort();
    expect(spans(again.project)).toEqual(spans(first));
  });

  it('marks every cue’s ends with timed sync points and a selection’s other ends with untimed ones', () => {
    const points = [
      ...written.qde.matchAll(/<SyncPoint guid="[^"]+"( timeStamp="(\d+)")? position="(\d+)"/g),
    ].map((m) => [Number(m[3]), m[2] === undefined ? null : Number(m[2])]);
    const interviewPoints = points.filter(([position]) => position! <= length(TRANSCRIPT));
    expect(interviewPoints).toEqual([
      [0, 0],
      [cueEnd, 4000],
      [annaCalm, null],
      [length(TRANSCRIPT), 9500],
    ]);
  });

  it('a VideoSource is valid too; text between two cues comes back as a cue spanning the pause', async () => {
    const text = 'A: one.\nB: two.';
    const project: PortableProject = {
      name: 'Gaps',
      description: '',
      coders: [],
      codes: [],
      codings: [],
      completed: null,
      documents: [
        {
          key: G(70),
          title: 'Talk',
          text,
          attributes: {},
          createdAt: null,
          source: { kind: 'video', fileName: 'talk.webm', mediaType: 'video/webm', data: WEBM_BYTES },
          // The speaker's name before each turn has no time of its own.
          cues: [
            { start: 3, end: 7, startMs: 0, endMs: 1000 },
            { start: 11, end: 15, startMs: 1500, endMs: 2500 },
          ],
        },
      ],
    };
    const out = writeRefiProject(project, { guid: derivedGuid, origin: 'test', now: NOW });
    expect(out.qde).toContain(`<VideoSource guid="${G(70)}" name="Talk" path="internal://${G(70)}.webm"`);
    const lint = await xmllint(out.qde);
    expect(lint.ok, lint.output).toBe(true);
    const texts = new Map(out.sources.map((f) => [f.name, f.text]));
    const again = readRefiProjectXml(
      out.qde,
      { read: (name) => texts.get(name), file: () => WEBM_BYTES },
      OPTIONS,
    ).project;
    expect(again.documents[0]!.cues).toEqual([
      { start: 3, end: 7, startMs: 0, endMs: 1000 },
      { start: 7, end: 11, startMs: 1000, endMs: 1500 },
      { start: 11, end: 15, startMs: 1500, endMs: 2500 },
    ]);
  });
  it('turns that meet in time come back without a cue for the blank line between them, and a recording not yet transcribed comes back empty', () => {
    // Field case: a recording's timeline gained a zero-length cue per blank line, and a recording
    // without a transcript yet was left out, on export → import.
    const text = 'A: one.\n\nB: two.';
    const project: PortableProject = {
      name: 'Turns',
      description: '',
      coders: [],
      codes: [],
      codings: [],
      completed: null,
      documents: [
        {
          key: G(80),
          title: 'Talk',
          text,
          attributes: {},
          createdAt: null,
          source: { kind: 'audio', fileName: 'talk.wav', mediaType: 'audio/wav', data: WAV_BYTES },
          cues: [
            { start: 0, end: 7, startMs: 1000, endMs: 4000 },
            { start: 9, end: 16, startMs: 4000, endMs: 6000 },
          ],
        },
        {
          key: G(81),
          title: 'Not yet',
          text: '',
          attributes: {},
          createdAt: null,
          source: { kind: 'audio', fileName: 'later.wav', mediaType: 'audio/wav', data: WAV_BYTES },
        },
      ],
    };
    const out = writeRefiProject(project, { guid: derivedGuid, origin: 'test', now: NOW });
    const texts = new Map(out.sources.map((f) => [f.name, f.text]));
    const again = readRefiProjectXml(
      out.qde,
      { read: (name) => texts.get(name), file: () => WAV_BYTES },
      OPTIONS,
    );
    expect(again.warnings).toEqual([]);
    expect(again.project.documents.map((d) => [d.title, d.text, d.source?.kind, d.cues])).toEqual([
      [
        'Talk',
        text,
        'audio',
        [
          { start: 0, end: 7, startMs: 1000, endMs: 4000 },
          { start: 9, end: 16, startMs: 4000, endMs: 6000 },
        ],
      ],
      ['Not yet', '', 'audio', undefined],
    ]);
  });
});
