/**
 * Coded retrieval: every passage coded with the selected codes in the selected layers, with its
 * text and up to {@link CONTEXT_CODE_POINTS} code points of context either side. Pure.
 */
import { CitationIndex } from '../model/citations.ts';
import { CodePointIndex } from '../model/codePoints.ts';
import { timeAt } from '../model/cues.ts';
import type { AnalysisDocument } from './documents.ts';

/** Code points of context given before and after a passage (fewer at the text's ends). */
export const CONTEXT_CODE_POINTS = 200;

/** One retrieved passage; `start`/`end` in code points, half-open; `text` is exactly that span. */
export interface Segment {
  documentId: string;
  documentTitle: string;
  /** The layer key: a coder's id, `consensus`, or a recode key when named. */
  layer: string;
  codeId: string;
  codingId: string;
  start: number;
  end: number;
  text: string;
  before: string;
  after: string;
  memo: string;
  /**
   * Where the passage's words begin, as the coding view's margin numbers it and the exports cite
   * it: the paragraph or speaker-turn number (0 before any text), and that turn's speaker.
   */
  paragraph: number;
  speaker: string | null;
  /**
   * When the passage's words begin in the recording, in ms (`timeAt` of the document's timeline
   * at the first word); null for a document without a timeline or a passage before its first cue.
   */
  startMs: number | null;
}

/** What to retrieve from the documents given (already filtered by id and attribute). */
export interface SegmentSelection {
  /** Code ids to retrieve. */
  codes: ReadonlySet<string>;
  /** Whether a layer key is read. */
  layer: (layerKey: string) => boolean;
}

/**
 * The segments of the documents, ordered by the documents' order as given, then start, then
 * layer key, then end, code id and coding id (so the order is total and stable across calls).
 */
export function retrieveSegments(
  documents: readonly AnalysisDocument[],
  selection: SegmentSelection,
): Segment[] {
  const out: Segment[] = [];
  for (const doc of documents) {
    const chosen = doc.codings
      .filter((c) => selection.codes.has(c.code) && selection.layer(c.coder))
      .sort(
        (a, b) =>
          a.start - b.start ||
          compare(a.coder, b.coder) ||
          a.end - b.end ||
          compare(a.code, b.code) ||
          compare(a.id, b.id),
      );
    if (chosen.length === 0) continue;
    const index = new CodePointIndex(doc.text);
    const citations = new CitationIndex(doc.text);
    const at = (codePoint: number) => index.toUtf16(Math.max(0, Math.min(index.length, codePoint)));
    for (const c of chosen) {
      const text = doc.text.slice(at(c.start), at(c.end));
      // Cite where the quoted words begin, not white space the coder happened to select first.
      const words = at(c.start) + Math.max(0, text.search(/\S/));
      const { number, speaker } = citations.at(words);
      out.push({
        documentId: doc.id,
        documentTitle: doc.title,
        layer: c.coder,
        codeId: c.code,
        codingId: c.id,
        start: c.start,
        end: c.end,
        text,
        before: doc.text.slice(at(c.start - CONTEXT_CODE_POINTS), at(c.start)),
        after: doc.text.slice(at(c.end), at(c.end + CONTEXT_CODE_POINTS)),
        memo: c.memo,
        paragraph: number,
        speaker,
        startMs: doc.cues?.length ? timeAt(doc.cues, index.toCodePoint(words)) : null,
      });
    }
  }
  return out;
}

/** Code-unit order, the same in every locale (ids and layer keys are ASCII). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
