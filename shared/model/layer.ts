/**
 * The `layer:<documentId>:<coderId>` document: one coder's codings of one transcript (or the
 * reviewers' consensus). Codings are plain values in a `Y.Map` by id, anchored to the text with
 * `Y.RelativePosition`s so they follow concurrent edits of the transcript.
 */
import * as Y from 'yjs';
import { StoredCodingSchema, type RelativePositionJson, type StoredCoding } from '../schemas.ts';
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

/** Anchors for a code-point span: the start sticks to its first character, the end to its last. */
export function anchorSpan(
  text: Y.Text,
  start: number,
  end: number,
  index: CodePointIndex = new CodePointIndex(text.toString()),
): { start: RelativePositionJson; end: RelativePositionJson } {
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start < end &&
    end <= index.length
  )) {
    throw new RangeError(`span [${start}, ${end}) is not a non-empty range within 0..${index.length}`);
  }
  // assoc 0 on the first character and -1 on the last: text typed just outside the span stays
  // outside, text typed inside it is covered.
  const startPos = Y.createRelativePositionFromTypeIndex(text, index.toUtf16(start), 0);
  const endPos = Y.createRelativePositionFromTypeIndex(text, index.toUtf16(end), -1);
  return {
    start: Y.relativePositionToJSON(startPos) as RelativePositionJson,
    end: Y.relativePositionToJSON(endPos) as RelativePositionJson,
  };
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
