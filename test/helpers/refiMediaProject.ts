/**
 * A REFI-QDA project with a recording and a PDF, made here: a generated WAV, a one-page PDF, a
 * transcript with sync points and transcript selections by two coders, a PDF representation with
 * a text selection, a page-area PDF selection and a time-range audio selection.
 */
import { makeWav } from './media.ts';
import { buildPdf } from './pdf.ts';
import { zip } from './transfer.ts';

export const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A mono 16-bit PCM WAV of a 440 Hz tone, `ms` long at 8 kHz. */
export function wavOf(ms: number): Uint8Array {
  return new Uint8Array(makeWav({ seconds: ms / 1000, sampleRate: 8000 }));
}

/** A one-page PDF showing `text` in 18-point Helvetica. */
export function pdfOf(text: string): Uint8Array {
  return buildPdf([{ texts: [{ x: 72, y: 720, size: 18, text }] }]);
}

export const TRANSCRIPT =
  'Interviewer: How were the night shifts? 😀\nNurse: Long. Quiet, mostly.\nInterviewer: And the days?\n';
export const PDF_TEXT = 'Ward report\n\nStaffing was short on nights.';
export const WAV = wavOf(1500);
export const PDF = pdfOf('Ward report');

export const cp = (text: string, part: string) => Array.from(text.slice(0, text.indexOf(part))).length;
export const turn2 = cp(TRANSCRIPT, 'Nurse');
export const turn3 = cp(TRANSCRIPT, 'Interviewer: And');
export const end = Array.from(TRANSCRIPT).length;

export const QDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Night shifts">
  <Users><User guid="${G(1)}" name="Ann"/><User guid="${G(2)}" name="Ben"/></Users>
  <CodeBook><Codes>
    <Code guid="${G(10)}" name="Workload" isCodable="true"/>
    <Code guid="${G(11)}" name="Calm" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <AudioSource guid="${G(20)}" name="Nurse interview" path="internal://nurse.wav">
      <Transcript guid="${G(21)}" plainTextPath="internal://nurse.txt">
        <SyncPoint guid="${G(30)}" timeStamp="0" position="0"/>
        <SyncPoint guid="${G(31)}" timeStamp="480" position="${turn2}"/>
        <SyncPoint guid="${G(32)}" timeStamp="1020" position="${turn3}"/>
        <SyncPoint guid="${G(33)}" timeStamp="1500" position="${end}"/>
        <SyncPoint guid="${G(34)}" position="${cp(TRANSCRIPT, 'Quiet')}"/>
        <SyncPoint guid="${G(35)}" position="${cp(TRANSCRIPT, '\nInterviewer: And')}"/>
        <TranscriptSelection guid="${G(40)}" fromSyncPoint="${G(31)}" toSyncPoint="${G(32)}" creatingUser="${G(1)}">
          <Coding guid="${G(41)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
        </TranscriptSelection>
        <TranscriptSelection guid="${G(42)}" fromSyncPoint="${G(34)}" toSyncPoint="${G(35)}" creatingUser="${G(2)}">
          <Coding guid="${G(43)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(11)}"/></Coding>
        </TranscriptSelection>
      </Transcript>
      <AudioSelection guid="${G(50)}" begin="200" end="900" creatingUser="${G(1)}">
        <Coding guid="${G(51)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(11)}"/></Coding>
      </AudioSelection>
    </AudioSource>
    <PDFSource guid="${G(60)}" name="Ward report" path="internal://report.pdf">
      <PDFSelection guid="${G(61)}" page="1" firstX="72" firstY="700" secondX="300" secondY="730" creatingUser="${G(2)}">
        <Coding guid="${G(62)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(10)}"/></Coding>
      </PDFSelection>
      <Representation guid="${G(63)}" plainTextPath="internal://report.txt">
        <PlainTextSelection guid="${G(64)}" startPosition="${cp(PDF_TEXT, 'Staffing')}" endPosition="${Array.from(PDF_TEXT).length}" creatingUser="${G(2)}">
          <Coding guid="${G(65)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(10)}"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
  </Sources>
</Project>`;

/** The project as a .qdpx; `files` adds or replaces entries. */
export async function archive(files: Record<string, string | Uint8Array> = {}): Promise<Buffer> {
  return zip({
    'project.qde': QDE,
    'sources/nurse.wav': WAV,
    'sources/nurse.txt': TRANSCRIPT,
    'sources/report.pdf': PDF,
    'sources/report.txt': PDF_TEXT,
    ...files,
  });
}
