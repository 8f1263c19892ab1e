/**
 * The analysis answers the analysis page reads (`docs/analysis-page.md`), parsed at the edge:
 * coded retrieval, co-occurrence and the code-by-column matrix. Positions are code points,
 * half-open, as everywhere in the API. Objects stay loose so fields added later still parse.
 */
import { z } from 'zod';

/** One coded passage: `text` is the document's text from `start` to `end`, with its context. */
export const SegmentSchema = z.looseObject({
  documentId: z.string(),
  documentTitle: z.string(),
  /** A coder's user id, or `consensus`. */
  layer: z.string(),
  codeId: z.string(),
  codingId: z.string(),
  /** Code points, half-open. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  /** Up to 200 code points before and after the passage. */
  before: z.string(),
  after: z.string(),
  memo: z.string().nullish(),
  /**
   * Where the passage's words begin, as the exports cite it: paragraph or speaker-turn number and
   * speaker. Optional: an answer cached by an older server lacks them.
   */
  paragraph: z.number().int().nonnegative().optional(),
  speaker: z.string().nullish(),
  /**
   * When the passage was spoken, in milliseconds into the recording (the time of the cue holding
   * its start), or null when its document has no timeline. Optional: older servers lack it.
   */
  startMs: z.number().int().nonnegative().nullish(),
});
export type Segment = z.infer<typeof SegmentSchema>;

/** `GET /api/projects/:projectId/segments` and each `segments` event of its live stream. */
export const SegmentsSchema = z.looseObject({
  segments: z.array(SegmentSchema),
  total: z.number().int().nonnegative(),
});
export type Segments = z.infer<typeof SegmentsSchema>;

/**
 * `GET /api/projects/:projectId/cooccurrence`: `counts[i][j]` (i ≠ j) is the number of pairs of
 * codings of codes i and j sharing a code point in one document; `counts[i][i]` the codings of i.
 */
export const CooccurrenceSchema = z.looseObject({
  codes: z.array(z.string()),
  counts: z.array(z.array(z.number().int().nonnegative())),
});
export type Cooccurrence = z.infer<typeof CooccurrenceSchema>;

/** One matrix cell: codings of exactly that code in the column, and in how many documents. */
export const MatrixCellSchema = z.looseObject({
  codings: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
});
export type MatrixCell = z.infer<typeof MatrixCellSchema>;

/** `GET /api/projects/:projectId/matrix`: codes (rows) by documents or attribute values (columns). */
export const MatrixSchema = z.looseObject({
  rows: z.array(z.string()),
  columns: z.array(z.looseObject({ key: z.string(), label: z.string() })),
  cells: z.array(z.array(MatrixCellSchema)),
});
export type Matrix = z.infer<typeof MatrixSchema>;
