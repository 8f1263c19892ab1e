/**
 * The import dialog's pure part: which files it offers, where each file goes, the state of each
 * file's row in words, and the summary said when the dialog closes. The server decides what is
 * imported; nothing here refuses a file the server would take, except transcripts dropped on the
 * project list, which belong to a project (one new project per file would scatter them).
 */
import { MEDIA_FILES } from '../../../shared/sources.ts';
import { TRANSCRIPT_WORDS, missingFields } from './fieldErrors.ts';

/** Recordings the server keeps with their transcript. */
const RECORDING_EXTENSIONS = new Set(
  Object.entries(MEDIA_FILES)
    .filter(([, file]) => file.kind !== 'pdf')
    .map(([extension]) => extension),
);

/** Every extension the server imports, for the file picker's `accept`. */
export const IMPORT_EXTENSIONS = [
  '.txt',
  '.md',
  '.docx',
  '.vtt',
  '.srt',
  '.pdf',
  ...RECORDING_EXTENSIONS,
  '.qdpx',
  '.qdc',
] as const;

/** Transcript extensions (the server also reads the long spellings `.text` and `.markdown`). */
const TRANSCRIPT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.docx', '.vtt', '.srt']);

/** Files that become documents of a project: transcripts, PDFs and recordings. */
function isDocumentFile(name: string): boolean {
  const extension = extensionOf(name);
  return TRANSCRIPT_EXTENSIONS.has(extension) || extension === '.pdf' || RECORDING_EXTENSIONS.has(extension);
}

/** A file name without its extension, compared as the server pairs files (case aside). */
function stem(name: string): string {
  const extension = extensionOf(name);
  return (extension ? name.slice(0, -extension.length) : name).trim().toLowerCase();
}

/**
 * The uploads a pick of files becomes, as lists of indexes into `names`, in the order picked: a
 * recording goes in one upload with every transcript and recording of the same base name
 * (`interview.mp3` + `interview.vtt`), because the server makes a recording and its transcript
 * one document with a timeline, and refuses, naming the files, when the pairing is not clear
 * (two transcripts or two recordings of one name; docs/sources.md). Every other file goes alone.
 */
export function groupUploads(names: readonly string[]): number[][] {
  const recorded = new Set(
    names.filter((name) => RECORDING_EXTENSIONS.has(extensionOf(name))).map((name) => stem(name)),
  );
  const pairs = (name: string) => {
    const extension = extensionOf(name);
    return (
      (RECORDING_EXTENSIONS.has(extension) || TRANSCRIPT_EXTENSIONS.has(extension)) &&
      recorded.has(stem(name))
    );
  };
  const groups: number[][] = [];
  const byStem = new Map<string, number[]>();
  names.forEach((name, i) => {
    if (!pairs(name)) {
      groups.push([i]);
      return;
    }
    const group = byStem.get(stem(name));
    if (group) group.push(i);
    else {
      const fresh = [i];
      byStem.set(stem(name), fresh);
      groups.push(fresh);
    }
  });
  return groups;
}

/** The `accept` attribute: every format, so people see all the files they can import. */
export const IMPORT_ACCEPT = IMPORT_EXTENSIONS.join(',');

/** Where the dialog adds things: new projects (project list) or documents of one project. */
export type ImportTarget = { kind: 'projects' } | { kind: 'documents'; projectId: string };

/** One file's row: what happens to it, as the dialog shows it. */
export type FileState =
  | { kind: 'waiting' }
  | { kind: 'uploading'; percent: number }
  /** The server is reading and checking the file (the bytes have all been sent). */
  | { kind: 'checking' }
  | { kind: 'added'; titles: string[]; warnings: string[]; projectId?: string }
  | { kind: 'refused'; message: string };

export interface FileRow {
  /** Unique within the dialog, for keyed rendering. */
  key: string;
  name: string;
  bytes: number;
  state: FileState;
}

/** The lower-case extension of a file name, with its dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/**
 * Where one file is sent, or why it is not sent: `path` is the import route. Transcripts dropped
 * on the project list are kept back with a plain reason; everything else goes to the server,
 * which reads, checks and (when it must) refuses it with its own message.
 */
export function routeFor(target: ImportTarget, name: string): { path: string } | { refuse: string } {
  if (target.kind === 'documents') return { path: `/api/projects/${target.projectId}/documents/import` };
  if (isDocumentFile(name)) {
    return {
      refuse:
        'transcripts, PDFs and recordings are added to a project: open the project (or create one) and import them on its page',
    };
  }
  return { path: '/api/projects/import' };
}

/** A size as people read it: bytes, KB or MB (decimal, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The row's state in words, e.g. "uploading 40%", "added “Ward 3”", "refused: …". */
export function describeState(state: FileState): string {
  switch (state.kind) {
    case 'waiting':
      return 'waiting';
    case 'uploading':
      return `uploading ${state.percent}%`;
    case 'checking':
      return 'checking…';
    case 'added':
      return `added ${state.titles.map((t) => `“${t}”`).join(', ')}`;
    case 'refused':
      return `refused: ${state.message}`;
  }
}

/** Upload progress as a whole percentage; 0 when the size is not known yet. */
export function percentOf(loaded: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

/** How many of the rows were added, refused, or are still to finish. */
export function tally(rows: readonly FileRow[]): { added: number; refused: number; pending: number } {
  let added = 0;
  let refused = 0;
  for (const row of rows) {
    if (row.state.kind === 'added') added++;
    else if (row.state.kind === 'refused') refused++;
  }
  return { added, refused, pending: rows.length - added - refused };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the import did, in one sentence for the page the dialog closes onto, e.g. "Added 3
 * documents; 1 file was refused." Empty when nothing was tried. `pasted` counts pasted transcripts.
 */
export function summarize(target: ImportTarget, rows: readonly FileRow[], pasted = 0): string {
  const { added, refused, pending } = tally(rows);
  const parts: string[] = [];
  const documents = rows.reduce((n, r) => n + (r.state.kind === 'added' ? r.state.titles.length : 0), 0);
  if (target.kind === 'projects' && added > 0) parts.push(`Created ${plural(added, 'project', 'projects')}`);
  if (target.kind === 'documents' && documents + pasted > 0)
    parts.push(`Added ${plural(documents + pasted, 'document', 'documents')}`);
  if (refused > 0) parts.push(`${plural(refused, 'file was', 'files were')} refused`);
  if (pending > 0) parts.push(`${plural(pending, 'file was', 'files were')} not finished`);
  if (parts.length === 0) return '';
  const sentence = parts.join('; ');
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * The pasted transcript's problems, at their fields, in the words every transcript form uses
 * (`TRANSCRIPT_WORDS`); empty when it may be sent.
 */
export function pasteErrors(title: string, text: string): { title?: string; text?: string } {
  return missingFields({ title, text }, ['title', 'text'], TRANSCRIPT_WORDS).fields;
}

/** Project files uploaded at once: enough to keep the line busy, few enough that progress reads well. */
export const PARALLEL_UPLOADS = 3;

/**
 * Transcripts go one after another: the server numbers documents as each upload is written, so
 * parallel uploads listed a batch in the order they happened to finish. One at a time, a project's
 * documents (and its quotes table) follow the order the files were chosen in.
 */
export function uploadsAtOnce(target: ImportTarget): number {
  return target.kind === 'documents' ? 1 : PARALLEL_UPLOADS;
}
