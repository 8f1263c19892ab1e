/**
 * Documents whose original is a PDF or a recording: what kind of source a document has, the file
 * kept beside its text, the pages of a PDF and the timeline of a transcript.
 *
 * Every coding stays anchored to text (docs/sources.md): a PDF document's text is the text
 * extracted from its pages, a recording's document is its transcript, so agreement, review,
 * analysis and exports read them like any other. Positions are Unicode code points, half-open.
 */
import { z } from 'zod';

/** What a document was made from: typed text, a PDF, or an audio or video recording. */
export const SourceKindSchema = z.enum(['text', 'pdf', 'audio', 'video']);
export type SourceKind = z.infer<typeof SourceKindSchema>;

/**
 * Original files Concord keeps, by lower-case extension: their kind and the media type the file
 * is served with. `.webm` and `.mp4` are taken as video; a browser plays an audio-only file of
 * either in the same `<video>` element.
 */
export const MEDIA_FILES = {
  '.pdf': { kind: 'pdf', mediaType: 'application/pdf' },
  '.mp3': { kind: 'audio', mediaType: 'audio/mpeg' },
  '.m4a': { kind: 'audio', mediaType: 'audio/mp4' },
  '.wav': { kind: 'audio', mediaType: 'audio/wav' },
  '.ogg': { kind: 'audio', mediaType: 'audio/ogg' },
  '.mp4': { kind: 'video', mediaType: 'video/mp4' },
  '.webm': { kind: 'video', mediaType: 'video/webm' },
} as const satisfies Record<string, { kind: Exclude<SourceKind, 'text'>; mediaType: string }>;
export type MediaExtension = keyof typeof MEDIA_FILES;

/** The kind and media type of a file name's extension, or null when Concord keeps no such file. */
export function mediaFileOf(
  name: string,
): { extension: MediaExtension; kind: Exclude<SourceKind, 'text'>; mediaType: string } | null {
  const dot = name.lastIndexOf('.');
  const extension = (dot > 0 ? name.slice(dot).toLowerCase() : '') as MediaExtension;
  const known = MEDIA_FILES[extension];
  return known ? { extension, ...known } : null;
}

/** A SHA-256 digest as 64 lower-case hex digits: the name of a kept file. */
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex');

/**
 * The original file of a document that has one (`Document.source`; absent or null for typed
 * text). `bytes` is the file's size; `fileName` the name it was uploaded under.
 */
export const DocumentSourceSchema = z.object({
  kind: z.enum(['pdf', 'audio', 'video']),
  mediaType: z.string(),
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: Sha256Schema,
  /** Pages of a PDF; null for recordings. */
  pageCount: z.number().int().positive().nullable(),
});
export type DocumentSource = z.infer<typeof DocumentSourceSchema>;

/**
 * One page of a PDF document in its text: `[start, end)` in code points, without the blank line
 * that separates pages (`GET …/documents/:documentId/pages` → `{ pages: PageRange[] }`).
 */
export const PageRangeSchema = z.object({
  /** 1-based page number. */
  page: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type PageRange = z.infer<typeof PageRangeSchema>;

/**
 * One cue of a transcript's timeline: the text `[start, end)` (code points of the document's
 * text, as it is now) was spoken from `startMs` to `endMs` (milliseconds from the recording's
 * start). `GET …/documents/:documentId/timeline` → `{ cues: Cue[] }`, ordered by `start`.
 */
export const CueSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  speaker: z.string().optional(),
});
export type Cue = z.infer<typeof CueSchema>;

export const TimelineSchema = z.object({ cues: z.array(CueSchema) });
export type Timeline = z.infer<typeof TimelineSchema>;
