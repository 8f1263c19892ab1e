/**
 * One uploaded transcript file (.txt, .md, .docx, .vtt, .srt) or PDF as a document: its text laid
 * out as speaker turns when it is a transcript, a PDF's text page by page (./pdf.ts), its title
 * from the file name. Problems are errors that name the file; nothing here writes anything.
 */
import mammoth from 'mammoth';
import { AppError } from '../../../shared/errors.ts';
import type { Cue } from '../../../shared/sources.ts';
import { decodeText } from './decodeText.ts';
import { extractPdfText, type PdfText } from './pdf.ts';
import { readTimedTranscript } from './timed.ts';
import type { TranscriptLayout } from './transcript.ts';
import { withZip, type ZipLimits } from './zip.ts';

/**
 * A PDF or recording kept in the BlobStore as it was uploaded: its kind and media type (by the
 * file name's extension, `MEDIA_FILES`), SHA-256, size in bytes and uploaded file name.
 */
export interface KeptSource {
  kind: 'pdf' | 'audio' | 'video';
  sha256: string;
  bytes: number;
  mediaType: string;
  fileName: string;
}

/**
 * Reads a PDF's text and pages (`extractPdfText`, or it behind a gate that limits how many are
 * read at once). `what` names the file in messages.
 */
export type ReadPdf = (data: Uint8Array, what: string) => Promise<PdfText>;

/** A file as uploaded. */
export interface UploadedFile {
  /** The file name the client gave (only its last path segment is used). */
  name: string;
  /** The file's bytes; empty for a file kept in the BlobStore (`source`) instead. */
  data: Buffer;
  /** Where a PDF or recording went: it streamed to the BlobStore rather than into `data`. */
  source?: KeptSource;
}

/** Document formats read by extension. */
export const DOCUMENT_FORMATS = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.docx': 'docx',
  '.vtt': 'vtt',
  '.srt': 'srt',
  '.pdf': 'pdf',
} as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[keyof typeof DOCUMENT_FORMATS];

/**
 * Formats people try that Concord does not read: what researchers call them, and what to do
 * instead. The message is read by researchers at the file's row, so it names the kind of file
 * rather than its extension and ends with the step that gets the text in.
 */
const HINTS: Record<string, { kind: string; advice: string }> = {
  '.doc': { kind: 'Old Word (.doc) files', advice: 'save it as .docx in Word and import that' },
  '.rtf': { kind: 'Rich Text (.rtf) files', advice: 'save it as .docx or .txt and import that' },
  '.odt': { kind: 'OpenDocument (.odt) files', advice: 'save it as .docx and import that' },
  '.pages': { kind: 'Pages files', advice: 'export it as .docx and import that' },
  '.nvp': { kind: 'NVivo projects', advice: 'export the project from NVivo as REFI-QDA (.qdpx)' },
  '.nvpx': { kind: 'NVivo projects', advice: 'export the project from NVivo as REFI-QDA (.qdpx)' },
  '.atlproj': {
    kind: 'ATLAS.ti projects',
    advice: 'export the project from ATLAS.ti as REFI-QDA (.qdpx)',
  },
  '.mx20': { kind: 'MAXQDA projects', advice: 'export the project from MAXQDA as REFI-QDA (.qdpx)' },
  '.mx22': { kind: 'MAXQDA projects', advice: 'export the project from MAXQDA as REFI-QDA (.qdpx)' },
  '.mx24': { kind: 'MAXQDA projects', advice: 'export the project from MAXQDA as REFI-QDA (.qdpx)' },
  '.qda': { kind: 'QualCoder projects', advice: 'export the project from QualCoder as REFI-QDA (.qdpx)' },
};

/** Longest transcript, as for documents created through the API. */
const MAX_TEXT = 5_000_000;
const MAX_TITLE = 500;

/** A document's title from its file name: the name without its extension, at most 500 characters. */
export function titleOf(name: string): string {
  const extension = extensionOf(name);
  return (
    name
      .slice(0, name.length - extension.length)
      .trim()
      .slice(0, MAX_TITLE) || name.slice(0, MAX_TITLE)
  );
}

/** The `file` attribute of a document read from a file: its name, within an attribute's 1,000 characters. */
export function fileAttribute(name: string): string {
  return name.slice(0, 1000);
}

/** The last path segment of a client-given file name. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop()?.trim() ?? '';
}

/** The lower-case extension of a file name, with its dot ('' when none). */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * The error for a file of a kind Concord does not import, in plain words: the kind of file and
 * what to do (e.g. "old.doc: Old Word (.doc) files are not imported; save it as .docx in Word and
 * import that"), or, for a kind with no advice, what Concord reads.
 */
export function unsupported(name: string, accepted: string): AppError {
  const extension = extensionOf(name);
  const file = baseName(name) || 'the file';
  const hint = HINTS[extension];
  const message = hint
    ? `${file}: ${hint.kind} are not imported; ${hint.advice}`
    : `${file}: ${extension ? `${extension} files are` : 'a file without an extension is'} not imported; Concord reads ${accepted}`;
  return new AppError('unsupportedMediaType', message);
}

/** A document read from a file, before anything is stored. */
export interface ReadDocument {
  title: string;
  text: string;
  attributes: Record<string, string>;
  format: DocumentFormat;
  /** Speaker turns recognised; 0 when the text is not laid out as a transcript. */
  turns: number;
  speakers: string[];
  warnings: string[];
  /** The kept original of a PDF document or a recording (absent for typed text). */
  source?: KeptSource;
  /** A PDF's pages: each page's `[start, end)` in code points of `text`, in page order. */
  pages?: { start: number; end: number }[];
  /** A timed transcript's cues, in code points of `text` (docs/sources.md). */
  cues?: Cue[];
}

/** Text of a .docx (Word) file, after checking the archive as any other from elsewhere. */
async function docxText(data: Buffer, what: string, limits: ZipLimits): Promise<string> {
  await withZip(data, what, limits, async (zip) => {
    if (!zip.find('word/document.xml'))
      throw new AppError('validation', `${what} is not a Word document (no word/document.xml)`);
    // Inflate everything once under our limits, so the converter never meets a lying archive.
    for (const name of zip.names) {
      const content = await zip.read(name);
      if (/\.(xml|rels)$/i.test(name) && /<!(DOCTYPE|ENTITY)/i.test(content.toString('utf8'))) {
        throw new AppError('validation', `${what}: DOCTYPE and ENTITY declarations are refused`);
      }
    }
  });
  try {
    return (await mammoth.extractRawText({ buffer: data })).value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('validation', `${what} could not be read as a Word document: ${detail}`, undefined, {
      cause: error,
    });
  }
}

/**
 * The checks every document's text passes, however it arrived (a file, pasted text, a REFI
 * source): not empty, not binary, at most 5,000,000 characters. `what` names it in messages;
 * `path` (e.g. `['text']` for a JSON body) puts the message on that field as an issue.
 * @throws AppError `validation` (empty, binary) or `payloadTooLarge`.
 */
export function checkDocumentText(text: string, what: string, path?: (string | number)[]): void {
  const refuse = (code: 'validation' | 'payloadTooLarge', message: string, field: string): never => {
    throw new AppError(code, `${what} ${message}`, path ? [{ path, message: field, code }] : undefined);
  };
  if (text.trim() === '') refuse('validation', 'holds no text', 'give the transcript some text');
  if (text.includes('\u0000'))
    refuse('validation', 'looks like a binary file, not text', 'this looks like a binary file, not text');
  if (text.length > MAX_TEXT) {
    const limit = `${MAX_TEXT.toLocaleString('en')} characters`;
    refuse('payloadTooLarge', `holds more than ${limit} of text`, `a transcript holds at most ${limit}`);
  }
}

/**
 * Reads one uploaded file as a document: a transcript (.txt, .md, .docx, .vtt, .srt) laid out as
 * speaker turns with its timeline when the file carries times (.vtt, .srt, stamped turns in
 * .txt/.md/.docx; see timed.ts), or a PDF's text with its pages' code-point ranges (`pages`,
 * ./pdf.ts). The kept original given as `file.source` is passed on as `source`.
 * @throws AppError `unsupportedMediaType` for a format Concord does not read, `validation` for an
 *   unreadable file (a scanned or password-protected PDF among them) or empty text,
 *   `payloadTooLarge` for more than 5,000,000 characters of text.
 */
export async function readDocumentFile(
  file: UploadedFile,
  limits: ZipLimits,
  readPdf: ReadPdf = extractPdfText,
): Promise<ReadDocument> {
  const name = baseName(file.name) || 'upload';
  const extension = extensionOf(name);
  const format = (DOCUMENT_FORMATS as Record<string, DocumentFormat>)[extension];
  if (format === undefined) throw unsupported(name, 'transcripts as .txt, .md, .docx, .vtt or .srt');
  const warnings: string[] = [];
  let layout: TranscriptLayout;
  let pages: ReadDocument['pages'];
  let cues: Cue[] = [];
  if (format === 'pdf') {
    // A PDF's text is laid out from its pages, not as speaker turns: it cannot be edited
    // (docs/sources.md), so its positions must stay the ones the page view maps selections to.
    const pdf = await readPdf(file.data, name);
    layout = { text: pdf.text, turns: 0, speakers: [] };
    pages = pdf.pages;
  } else {
    let source: string;
    if (format === 'docx') {
      source = await docxText(file.data, name, limits);
    } else {
      const decoded = decodeText(file.data, name);
      warnings.push(...decoded.warnings);
      source = decoded.text;
    }
    ({ layout, cues } = await readTimedTranscript(source, format, name));
  }
  checkDocumentText(layout.text, name);
  return {
    title: titleOf(name),
    text: layout.text,
    attributes: {
      file: fileAttribute(name),
      ...(layout.speakers.length > 0 ? { speakers: layout.speakers.join(', ') } : {}),
    },
    format,
    turns: layout.turns,
    speakers: layout.speakers,
    warnings,
    ...(file.source ? { source: file.source } : {}),
    ...(pages ? { pages } : {}),
    ...(cues.length > 0 ? { cues } : {}),
  };
}
