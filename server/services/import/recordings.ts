/**
 * Which uploaded files become which documents when recordings are among them (docs/sources.md):
 * a recording (`.mp3 .m4a .wav .ogg .mp4 .webm`) and the transcript of the same base name,
 * compared without case (`Interview 3.MP3` + `interview 3.vtt`), become one document; a
 * recording without one becomes a document of its own, transcribed in the app. Pure: reads only
 * the names and where the upload kept each file.
 */
import { AppError } from '../../../shared/errors.ts';
import { baseName, DOCUMENT_FORMATS, extensionOf, type UploadedFile } from './documents.ts';

/** One document to read: its transcript file, its recording, or both. */
export interface PlannedDocument {
  file?: UploadedFile;
  recording?: UploadedFile;
}

export interface Pairing {
  /** In the order of the upload (a pair where its first file was). */
  documents: PlannedDocument[];
  /** Files that cannot be paired unambiguously, each with its error. */
  problems: { file: string; error: AppError }[];
}

const isRecording = (f: UploadedFile) => f.source?.kind === 'audio' || f.source?.kind === 'video';
const isTranscript = (f: UploadedFile) => !f.source && extensionOf(f.name) in DOCUMENT_FORMATS;

/** The name a pair shares: the base name without its extension, trimmed, in lower case. */
function stem(file: UploadedFile): string {
  const name = baseName(file.name);
  const extension = extensionOf(name);
  return name
    .slice(0, name.length - extension.length)
    .trim()
    .toLocaleLowerCase('en');
}

/** Pairs recordings with their transcripts; every other file is a document on its own. */
export function pairRecordings(files: readonly UploadedFile[]): Pairing {
  const recordings = new Map<string, UploadedFile[]>();
  const transcripts = new Map<string, UploadedFile[]>();
  for (const file of files) {
    const into = isRecording(file) ? recordings : isTranscript(file) ? transcripts : null;
    into?.set(stem(file), [...(into.get(stem(file)) ?? []), file]);
  }
  const problems: Pairing['problems'] = [];
  const documents: PlannedDocument[] = [];
  const placed = new Set<UploadedFile>();
  for (const file of files) {
    if (placed.has(file)) continue;
    const key = stem(file);
    const sameRecordings = recordings.get(key) ?? [];
    const sameTranscripts = transcripts.get(key) ?? [];
    if (!isRecording(file) && !(isTranscript(file) && sameRecordings.length > 0)) {
      placed.add(file);
      documents.push({ file });
      continue;
    }
    for (const f of [...sameRecordings, ...sameTranscripts]) placed.add(f);
    const names = (list: UploadedFile[]) => list.map((f) => baseName(f.name)).join(', ');
    if (sameRecordings.length > 1) {
      const message = `${names(sameRecordings)}: several recordings share one name, so it is unclear which transcript belongs to which; rename them`;
      for (const f of sameRecordings)
        problems.push({ file: baseName(f.name), error: new AppError('validation', message) });
    } else if (sameTranscripts.length > 1) {
      const message = `${names(sameTranscripts)}: several transcripts have the name of the recording ${names(sameRecordings)}; upload only the one that belongs to it`;
      for (const f of sameTranscripts)
        problems.push({ file: baseName(f.name), error: new AppError('validation', message) });
    } else {
      documents.push({
        recording: sameRecordings[0]!,
        ...(sameTranscripts[0] ? { file: sameTranscripts[0] } : {}),
      });
    }
  }
  return { documents, problems };
}
