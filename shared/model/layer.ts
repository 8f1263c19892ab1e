/**
 * The `layer:<documentId>:<coderId>` document: one coder's codings of one transcript (or the
 * reviewers' consensus). Codings are plain values in a `Y.Map` by id, anchored to the text with
 * `Y.RelativePosition`s so they follow concurrent edits of the transcript.
 */
import * as Y from 'yjs';
import {
  QUOTE_MAX_CODE_POINTS,
  StoredCodingSchema,
  type RelativePositionJson,
  type StoredCoding,
} from '../schemas.ts';
import { CodePointIndex } from './codePoints.ts';
import { contentText } from './text.ts';

const CODINGS = 'codings';
const META = 'meta';

/** The shared map of codings, by coding id. */
export function codingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CODINGS);
}

/** Whether the layer's coder marked the document as completed ("done"). */
export function isCompleted(layer: Y.Doc): boolean {
  return layer.getMap(META).get('completed') === true;
}

/** Marks or unmarks the layer's document as completed by its coder. */
export function setCompleted(layer: Y.Doc, completed: boolean): void {
  layer.getMap(META).set('completed', completed);
}

/** What a caller says when coding a passage; offsets are code points, half-open. */
export interface NewCoding {
  id: string;
  codeId: string;
  start: number;
  end: number;
  author: string;
  memo?: string;
  /** ISO timestamp, passed in so the model stays free of clocks. */
  now: string;
}

/**
 * Anchors for a code-point span, half-open: the start sticks to its first character (assoc 0),
 * the end to its last (assoc -1), so text typed just outside the span stays outside and text typed
 * inside it is covered (see `AnchorResolver` for deletions). Also the passage's text as a quote.
 * `index` must describe the text's current content. Throws a `RangeError` for an empty span or one
 * outside the text.
 */
export function anchorSpan(
  text: Y.Text,
  start: number,
  end: number,
  index: CodePointIndex = new CodePointIndex(text.toString()),
): { start: RelativePositionJson; end: RelativePositionJson; quote: string } {
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start < end &&
    end <= index.length
  )) {
    throw new RangeError(`span [${start}, ${end}) is not a non-empty range within 0..${index.length}`);
  }
  const from = index.toUtf16(start);
  const to = index.toUtf16(end);
  const startPos = Y.createRelativePositionFromTypeIndex(text, from, 0);
  const endPos = Y.createRelativePositionFromTypeIndex(text, to, -1);
  return {
    start: Y.relativePositionToJSON(startPos) as RelativePositionJson,
    end: Y.relativePositionToJSON(endPos) as RelativePositionJson,
    quote: quoteOf(index.source.slice(from, to)),
  };
}

/** A passage cut to the length kept with a coding. */
function quoteOf(passage: string): string {
  const points = Array.from(passage);
  return points.length <= QUOTE_MAX_CODE_POINTS
    ? passage
    : `${points.slice(0, QUOTE_MAX_CODE_POINTS - 1).join('')}…`;
}

/** Adds a coding to a layer, anchored into the given text document. */
export function addCoding(layer: Y.Doc, textDoc: Y.Doc, coding: NewCoding, index?: CodePointIndex): void {
  const anchors = anchorSpan(contentText(textDoc), coding.start, coding.end, index);
  const stored: StoredCoding = StoredCodingSchema.parse({
    codeId: coding.codeId,
    ...anchors,
    memo: coding.memo ?? '',
    author: coding.author,
    createdAt: coding.now,
    updatedAt: coding.now,
  });
  codingsMap(layer).set(coding.id, stored);
}

/** Removes a coding; returns whether it existed. */
export function removeCoding(layer: Y.Doc, codingId: string): boolean {
  const map = codingsMap(layer);
  if (!map.has(codingId)) return false;
  map.delete(codingId);
  return true;
}
