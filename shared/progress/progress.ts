/**
 * Coding progress per document and layer, as the project page shows it: how many codings each
 * layer holds, how much of the text they cover and whether its coder marked the document done.
 * Pure: derived from a document read out of its rooms, kept by the server as derived data
 * (docs/capacity.md, "Progress as derived data") and served by `GET /api/projects/:id/progress`.
 */
import { z } from 'zod';
import { IdSchema } from '../protocol.ts';

/** One layer's progress on one document. */
export const LayerProgressSchema = z.object({
  /** The layer: a coder's user id, or `consensus`. */
  coder: z.string().min(1),
  /** Codings that resolve to a span of the text (orphaned ones are not counted). */
  codings: z.number().int().nonnegative(),
  /** Code points covered by at least one of those codings. */
  covered: z.number().int().nonnegative(),
  /** Whether the layer's coder marked the document done. */
  done: z.boolean(),
});
export type LayerProgress = z.infer<typeof LayerProgressSchema>;

/** One document's progress: its text length and every layer the caller may see. */
export const DocumentProgressSchema = z.object({
  documentId: IdSchema,
  /** The text's length in code points (0 while no layer exists: nothing was read). */
  length: z.number().int().nonnegative(),
  layers: z.array(LayerProgressSchema),
});
export type DocumentProgress = z.infer<typeof DocumentProgressSchema>;

/** The answer of `GET /api/projects/:projectId/progress`: the project's documents in order. */
export const ProjectProgressSchema = z.object({ documents: z.array(DocumentProgressSchema) });
export type ProjectProgress = z.infer<typeof ProjectProgressSchema>;

/** Length of the union of half-open spans (any one unit). */
export function coveredLength(spans: readonly { start: number; end: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let runStart = -1;
  let runEnd = -1;
  for (const s of sorted) {
    if (s.end <= s.start) continue;
    if (s.start > runEnd) {
      total += runEnd - runStart;
      runStart = s.start;
      runEnd = s.end;
    } else if (s.end > runEnd) {
      runEnd = s.end;
    }
  }
  return total + (runEnd - runStart);
}

/**
 * The progress of each layer in `layers`, in that order, from a document's resolved codings
 * (positions in code points) and the layers marked done.
 */
export function layerProgress(
  codings: readonly { coder: string; start: number; end: number }[],
  completed: readonly string[],
  layers: readonly string[],
): LayerProgress[] {
  return layers.map((coder) => {
    const own = codings.filter((c) => c.coder === coder);
    return { coder, codings: own.length, covered: coveredLength(own), done: completed.includes(coder) };
  });
}

/** A layer's stored progress with the log positions it was derived from. */
export interface StoredLayerProgress extends LayerProgress {
  documentId: string;
  /** The text's length in code points. */
  length: number;
  /** The text room's log position the figures were derived from. */
  textSeq: number;
  /** The layer room's log position the figures were derived from. */
  layerSeq: number;
}

/** Where a document's rooms stand now: the text room's log position and each layer's, by layer key. */
export interface DocumentRooms {
  textSeq: number;
  layers: ReadonlyMap<string, number>;
}

/**
 * Whether a document's stored progress still describes its rooms: a row for every layer and none
 * for a layer that is gone, each derived from the layer's current log position and the text's.
 * A document with no layers and no rows is current (there is nothing to count).
 */
export function isCurrent(stored: readonly StoredLayerProgress[], rooms: DocumentRooms): boolean {
  if (stored.length !== rooms.layers.size) return false;
  return stored.every((s) => s.textSeq === rooms.textSeq && rooms.layers.get(s.coder) === s.layerSeq);
}
