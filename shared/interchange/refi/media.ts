/**
 * REFI-QDA sources that are not plain text — `PDFSource`, `AudioSource`, `VideoSource` of
 * Project-mrt2019.xsd — read as Concord documents (docs/sources.md, docs/import-export.md).
 *
 * Concord codes text only, so each such source is read through its text: a PDF through its
 * `Representation` (a text source holding the PDF's text), a recording through its `Transcript`.
 * A transcript's `SyncPoint`s (a `timeStamp` in milliseconds at a `position` in code points)
 * become the document's timeline: each stretch of text between two consecutive timed sync points
 * is one cue. Selections on that text (`PlainTextSelection` in the representation,
 * `TranscriptSelection` between two sync points, a `PDFSelection` carrying the text it selects)
 * become codings; a time range (`AudioSelection`, `VideoSelection`) is placed on the cues spoken
 * in it. Selections of page areas, and time ranges outside the timeline, cannot be placed in the
 * text and are warned about.
 */
import { CodePointIndex } from '../../model/codePoints.ts';
import { mediaFileOf, MEDIA_FILES, type Cue, type MediaExtension } from '../../sources.ts';
import type { PortableSource } from '../portable.ts';
import type { Warnings } from '../warnings.ts';
import { childNamed, childrenNamed, type XmlElement } from '../xml.ts';
import { normalizeGuid } from './guid.ts';

const INTERNAL = 'internal://';

/** The source elements whose original file Concord keeps, and the kind of document they become. */
export const MEDIA_SOURCES = {
  PDFSource: 'pdf',
  AudioSource: 'audio',
  VideoSource: 'video',
} as const satisfies Record<string, PortableSource['kind']>;

type MediaElement = keyof typeof MEDIA_SOURCES;

export const isMediaSource = (element: XmlElement): element is XmlElement & { name: MediaElement } =>
  element.name in MEDIA_SOURCES;

/** Warning for PDF selections that mark only an area of a page (coverage.ts names it too). */
export const PDF_AREA_WARNING =
  '<PDFSelection> PDF selections mark areas of a page, not text; they were not imported';

/** An xsd:integer, or null. */
function integer(value: string | undefined): number | null {
  const v = value?.trim();
  if (v === undefined || !/^[+-]?\d{1,15}$/.test(v)) return null;
  return Number(v);
}

/** The `internal://` names of the original files of PDF, audio and video sources. */
export function refiMediaPaths(root: XmlElement): string[] {
  const sources = childNamed(root, 'Sources');
  const names = new Set<string>();
  for (const source of sources?.children ?? []) {
    const path = isMediaSource(source) ? source.attributes.path : undefined;
    if (path?.startsWith(INTERNAL)) names.add(path.slice(INTERNAL.length));
  }
  return [...names];
}

/**
 * The element holding a source's text and its text selections: a `TextSource` itself, a PDF's
 * `Representation`, a recording's first `Transcript` (later ones are warned about).
 */
export function textElementOf(source: XmlElement, warnings: Warnings, label: string): XmlElement | undefined {
  if (source.name === 'PDFSource') return childNamed(source, 'Representation');
  if (source.name === 'AudioSource' || source.name === 'VideoSource') {
    const transcripts = childrenNamed(source, 'Transcript');
    if (transcripts.length > 1) {
      warnings.add('recordings with several transcripts: only the first was imported', label);
    }
    return transcripts[0];
  }
  return source;
}

/**
 * The original file of a PDF or recording as the archive holds it, or undefined (with a warning)
 * when the archive does not hold it or it is of a kind Concord does not keep (MEDIA_FILES): the
 * document is then imported as its text alone. The file's format comes from its name's extension.
 */
export function mediaSourceOf(
  source: XmlElement & { name: MediaElement },
  read: (name: string) => Uint8Array | undefined,
  warnings: Warnings,
  label: string,
): PortableSource | undefined {
  const path = source.attributes.path ?? '';
  const name = path.startsWith(INTERNAL) ? path.slice(INTERNAL.length) : '';
  const data = name === '' ? undefined : read(name);
  if (data === undefined) {
    warnings.add(
      path === ''
        ? 'PDF and media sources that name no file: their text was imported alone'
        : name === ''
          ? 'PDF and media files outside the archive (not internal://): their text was imported without them'
          : 'PDF and media files missing from the archive: their text was imported without them',
      path || label,
    );
    return undefined;
  }
  const kind = MEDIA_SOURCES[source.name];
  const known = mediaFileOf(name);
  // Only files a browser plays or PDF.js shows are kept (MEDIA_FILES); the media type follows
  // the source's kind where the extension allows both (an AudioSource's `.mp4` is audio).
  if (known === null || (kind === 'pdf') !== (known.kind === 'pdf')) {
    warnings.add(
      `files of a kind Concord does not keep (${Object.keys(MEDIA_FILES).join(' ')}): their text was imported without them`,
      name,
    );
    return undefined;
  }
  // The file is served with its extension's media type: it must be what its name says.
  if (!startsLike(known.extension, data)) {
    warnings.add(
      'files whose content is not what their name says were left out; their text was imported without them',
      name,
    );
    return undefined;
  }
  const mediaType = kind === 'audio' && known.extension === '.mp4' ? 'audio/mp4' : known.mediaType;
  // The name people see: the source's, with the file's extension; no folders.
  const title = source.attributes.name?.trim().replace(/[\\/]/g, '_');
  const fileName = title
    ? title.toLowerCase().endsWith(known.extension)
      ? title
      : `${title}${known.extension}`
    : name.slice(name.lastIndexOf('/') + 1);
  return { kind, fileName: fileName.slice(0, 500), mediaType, data, bytes: data.byteLength };
}

/**
 * Whether a file begins as its format does (its "magic number"), so that bytes of another kind
 * are never served under the media type of its extension.
 */
export function startsLike(extension: MediaExtension, data: Uint8Array): boolean {
  const ascii = (at: number, text: string) => [...text].every((c, i) => data[at + i] === c.charCodeAt(0));
  switch (extension) {
    case '.pdf':
      // Some writers put bytes before the header; readers look within the first kilobyte.
      return new TextDecoder('latin1').decode(data.subarray(0, 1024)).includes('%PDF-');
    case '.wav':
      return ascii(0, 'RIFF') && ascii(8, 'WAVE');
    case '.mp3':
      // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
      return ascii(0, 'ID3') || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0);
    case '.ogg':
      return ascii(0, 'OggS');
    case '.m4a':
    case '.mp4':
      return ascii(4, 'ftyp');
    case '.webm':
      return data[0] === 0x1a && data[1] === 0x45 && data[2] === 0xdf && data[3] === 0xa3;
  }
}

/** A `SyncPoint` with its position in the transcript (code points) and time (ms), if given. */
interface SyncPoint {
  position: number | null;
  timeStamp: number | null;
}

function syncPoints(transcript: XmlElement): Map<string, SyncPoint> {
  const points = new Map<string, SyncPoint>();
  for (const point of childrenNamed(transcript, 'SyncPoint')) {
    const guid = normalizeGuid(point.attributes.guid);
    if (guid === null) continue;
    points.set(guid, {
      position: integer(point.attributes.position),
      timeStamp: integer(point.attributes.timeStamp),
    });
  }
  return points;
}

/**
 * The timeline of a transcript of `length` code points: each stretch between two consecutive
 * sync points that have both a position and a time (ordered by position, then time) is one cue,
 * from the first point's time to the second's. Sync points at the same position mark a pause, not
 * text. Points without a time only anchor selections; points out of the text or going back in
 * time are warned about and skipped.
 */
export function cuesFromSyncPoints(
  transcript: XmlElement,
  length: number,
  warnings: Warnings,
  label: string,
): Cue[] {
  const timed: { position: number; timeStamp: number }[] = [];
  for (const point of syncPoints(transcript).values()) {
    if (point.position === null || point.timeStamp === null) continue;
    if (point.position < 0 || point.position > length || point.timeStamp < 0) {
      warnings.add('sync points outside their transcript or before its start were left out', label);
      continue;
    }
    timed.push({ position: point.position, timeStamp: point.timeStamp });
  }
  timed.sort((a, b) => a.position - b.position || a.timeStamp - b.timeStamp);
  const cues: Cue[] = [];
  for (let i = 0; i + 1 < timed.length; i++) {
    const from = timed[i]!;
    const to = timed[i + 1]!;
    // Equal times (as between one cue's end and the next one's start in Concord's own export) mark
    // no speech: the stretch, such as the blank line between turns, is not a cue.
    if (to.position === from.position || to.timeStamp === from.timeStamp) continue;
    if (to.timeStamp < from.timeStamp) {
      warnings.add('sync points that go back in time were left out of the timeline', label);
      continue;
    }
    cues.push({ start: from.position, end: to.position, startMs: from.timeStamp, endMs: to.timeStamp });
  }
  return cues;
}

/** A selection placed in a document's text: positions in code points, null when unreadable. */
export interface PlacedSelection {
  element: XmlElement;
  start: number | null;
  end: number | null;
}

/** `TranscriptSelection`s placed between the positions of their `fromSyncPoint` and `toSyncPoint`. */
export function transcriptSelections(transcript: XmlElement): PlacedSelection[] {
  const points = syncPoints(transcript);
  const at = (guid: string | undefined) => points.get(normalizeGuid(guid) ?? '')?.position ?? null;
  return childrenNamed(transcript, 'TranscriptSelection').map((element) => ({
    element,
    start: at(element.attributes.fromSyncPoint),
    end: at(element.attributes.toSyncPoint),
  }));
}

/**
 * `PDFSelection`s placed in the PDF's text: one whose own `Representation` holds the text it
 * selects is placed where that text occurs in the document's text, if it occurs exactly once.
 * Others mark only an area of a page and are warned about (`PDF_AREA_WARNING`).
 */
export function pdfSelections(
  source: XmlElement,
  text: string,
  warnings: Warnings,
  label: string,
): PlacedSelection[] {
  const index = new CodePointIndex(text);
  const placed: PlacedSelection[] = [];
  for (const element of childrenNamed(source, 'PDFSelection')) {
    const representation = childNamed(element, 'Representation');
    const selected = representation ? childNamed(representation, 'PlainTextContent')?.text : undefined;
    const where = `page ${element.attributes.page ?? '?'} of '${label}'`;
    if (selected === undefined || selected.trim() === '') {
      warnings.add(PDF_AREA_WARNING, where);
      continue;
    }
    const first = text.indexOf(selected);
    if (first < 0 || text.indexOf(selected, first + 1) >= 0) {
      warnings.add(
        first < 0
          ? 'PDF selections whose text is not in the PDF’s text were left out'
          : 'PDF selections whose text occurs more than once in the PDF’s text were left out',
        where,
      );
      continue;
    }
    const start = index.toCodePoint(first);
    placed.push({
      element,
      start,
      end: index.toCodePoint(first + selected.length),
    });
  }
  return placed;
}

/** Warning for time ranges of a recording that no cue covers (coverage.ts names it too). */
export const timeRangeWarning = (element: 'AudioSelection' | 'VideoSelection') =>
  `<${element}> time ranges that no cue of a transcript covers were left out`;

/** Said of time ranges that were placed on the transcript: their ends move to the cues' ends. */
export const TIME_RANGE_PLACED =
  'time ranges of recordings were coded on the transcript spoken then, from the start of its first cue to the end of its last';

/**
 * `AudioSelection`s and `VideoSelection`s (`begin`, `end` in ms) placed on the transcript: from
 * the start of the first cue that overlaps the time range to the end of the last one. Cues are
 * the finest times a transcript has, so the span widens to whole cues (warned, counted). A range
 * no cue overlaps — a recording without a timeline — is left out with a warning.
 */
export function timeRangeSelections(
  source: XmlElement,
  cues: readonly Cue[],
  warnings: Warnings,
  label: string,
): PlacedSelection[] {
  const name = source.name === 'VideoSource' ? 'VideoSelection' : 'AudioSelection';
  const placed: PlacedSelection[] = [];
  for (const element of childrenNamed(source, name)) {
    const begin = integer(element.attributes.begin);
    const end = integer(element.attributes.end);
    const from = begin === null || end === null ? null : Math.min(begin, end);
    const to = begin === null || end === null ? null : Math.max(begin, end);
    const covered =
      from === null || to === null
        ? []
        : cues.filter((c) =>
            to > from ? c.startMs < to && c.endMs > from : c.startMs <= from && from < c.endMs,
          );
    if (covered.length === 0) {
      warnings.add(timeRangeWarning(name), label);
      continue;
    }
    warnings.add(TIME_RANGE_PLACED, label);
    placed.push({
      element,
      start: Math.min(...covered.map((c) => c.start)),
      end: Math.max(...covered.map((c) => c.end)),
    });
  }
  return placed;
}
