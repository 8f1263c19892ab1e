/**
 * PDF documents and recordings written as REFI-QDA sources (Project-mrt2019.xsd): a PDF as a
 * `PDFSource` whose `Representation` holds its text and codings (`PlainTextSelection`s); a
 * recording as an `AudioSource` or `VideoSource` whose `Transcript` holds the text, one
 * `SyncPoint` (`timeStamp` in ms, `position` in code points) at each end of each cue of the
 * timeline, and the codings as `TranscriptSelection`s from one sync point to another. The original
 * file goes to the archive's `sources/` under the source's GUID; media.ts reads all of it back.
 */
import { MEDIA_FILES, mediaFileOf } from '../../sources.ts';
import type { PortableDocument, PortableSource } from '../portable.ts';
import type { XmlOut } from '../xml.ts';

/** An original file for the archive's `sources/` folder, to be read from where it is kept. */
export interface RefiMediaFile {
  /** The name after `internal://`, also the file name inside `sources/`. */
  name: string;
  /** The document it belongs to (its portable key). */
  document: string;
  source: PortableSource;
}

/** A coder's codings of one span, ready to be written as a selection of the text. */
export interface SpanSelection {
  /** Code points, half-open. */
  start: number;
  end: number;
  guid: string;
  creatingUser: string;
  creationDateTime: string | undefined;
  /** The `Coding`s. */
  children: XmlOut[];
}

/** What writeProject.ts has already made for the source. */
export interface MediaSourceParts {
  sourceGuid: string;
  /** The GUID of the `Representation` or `Transcript`. */
  textGuid: string;
  /** The name of the text file in `sources/`. */
  textFile: string;
  selections: SpanSelection[];
  /** `NoteRef`s and `VariableValue`s of the source, in the schema's order. */
  trailing: XmlOut[];
  creationDateTime: string | undefined;
  /** A GUID for the sync point at a position (code points) and time (ms; null: none). */
  syncPointGuid: (position: number, timeStamp: number | null) => string;
}

/** The file extension a kept file is written with: its name's, else its media type's. */
function extensionOf(source: PortableSource): string {
  const byName = mediaFileOf(source.fileName);
  if (byName) return byName.extension;
  const byType = Object.entries(MEDIA_FILES).find(([, f]) => f.mediaType === source.mediaType);
  return byType?.[0] ?? '';
}

/**
 * The source element of a document with an original file, and that file for `sources/` (none
 * when the document carries neither the file's bytes nor its digest).
 */
/** A `PlainTextSelection` of a text source or a PDF's representation (REFI-QDA project schema). */
export function plainTextSelection(s: SpanSelection): XmlOut {
  return {
    name: 'PlainTextSelection',
    attributes: {
      guid: s.guid,
      startPosition: s.start,
      endPosition: s.end,
      creatingUser: s.creatingUser,
      creationDateTime: s.creationDateTime,
    },
    children: s.children,
  };
}

export function writeMediaSource(
  document: PortableDocument & { source: PortableSource },
  parts: MediaSourceParts,
): { element: XmlOut; file: RefiMediaFile | null } {
  const source = document.source;
  const file: RefiMediaFile | null =
    source.data !== undefined || source.sha256 !== undefined
      ? { name: `${parts.sourceGuid}${extensionOf(source)}`, document: document.key, source }
      : null;
  const attributes = {
    guid: parts.sourceGuid,
    name: document.title,
    path: file ? `internal://${file.name}` : undefined,
    creationDateTime: parts.creationDateTime,
  };
  const textAttributes = { guid: parts.textGuid, plainTextPath: `internal://${parts.textFile}` };
  if (source.kind === 'pdf') {
    const representation: XmlOut = {
      name: 'Representation',
      attributes: textAttributes,
      children: parts.selections.map(plainTextSelection),
    };
    return {
      element: { name: 'PDFSource', attributes, children: [representation, ...parts.trailing] },
      file,
    };
  }

  // Sync points: both ends of every cue, timed, and every selection's ends not already marked,
  // untimed (a sync point's time is optional): a reader builds the timeline from timed ones only.
  const points = new Map<string, { position: number; timeStamp: number | null }>();
  const byPosition = new Map<number, string>();
  const mark = (position: number, timeStamp: number | null) => {
    const guid = parts.syncPointGuid(position, timeStamp);
    if (!points.has(guid)) points.set(guid, { position, timeStamp });
    if (!byPosition.has(position)) byPosition.set(position, guid);
  };
  for (const cue of document.cues ?? []) {
    mark(cue.start, cue.startMs);
    mark(cue.end, cue.endMs);
  }
  for (const s of parts.selections) {
    if (!byPosition.has(s.start)) mark(s.start, null);
    if (!byPosition.has(s.end)) mark(s.end, null);
  }
  const syncPoints: XmlOut[] = [...points]
    .sort(([, a], [, b]) => a.position - b.position || (a.timeStamp ?? -1) - (b.timeStamp ?? -1))
    .map(([guid, p]) => ({
      name: 'SyncPoint',
      attributes: { guid, timeStamp: p.timeStamp ?? undefined, position: p.position },
    }));
  const transcript: XmlOut = {
    name: 'Transcript',
    attributes: textAttributes,
    children: [
      ...syncPoints,
      ...parts.selections.map((s) => ({
        name: 'TranscriptSelection',
        attributes: {
          guid: s.guid,
          fromSyncPoint: byPosition.get(s.start),
          toSyncPoint: byPosition.get(s.end),
          creatingUser: s.creatingUser,
          creationDateTime: s.creationDateTime,
        },
        children: s.children,
      })),
    ],
  };
  return {
    element: {
      name: source.kind === 'audio' ? 'AudioSource' : 'VideoSource',
      attributes,
      children: [transcript, ...parts.trailing],
    },
    file,
  };
}
