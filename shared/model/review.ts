/**
 * The review of disagreements, kept in the consensus layer (`layer:<documentId>:consensus`)
 * beside its codings: `reviews` holds each region's decision, `comments` the discussion (one list for
all regions, so concurrent comments are all kept).
 * Regions are named by a key made from the codings in dispute, so a region whose codings change
 * afterwards is a new question with a fresh key.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import type { Cue } from '../sources.ts';
import { CodePointIndex } from './codePoints.ts';
import { timeAt } from './cues.ts';

const REVIEWS = 'reviews';
const META = 'meta';
/** Set once the consensus holds what the coders agreed on (review then settles the rest). */
const SEEDED = 'seededFromAgreement';
const COMMENTS = 'comments';

/** How a reviewer settled a region. */
export const ReviewDecisionSchema = z.discriminatedUnion('kind', [
  /** The codings of these coders became the consensus (one coder: "accept A"; all: "accept both"). */
  z.object({ kind: z.literal('accept'), coders: z.array(z.string().min(1)).min(1) }),
  /** The reviewer coded the consensus by hand. */
  z.object({ kind: z.literal('own') }),
]);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

export const ReviewRecordSchema = z.object({
  decision: ReviewDecisionSchema,
  /** The region, in code points, when it was decided. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  by: z.string().min(1),
  at: z.string(),
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

export const ReviewCommentSchema = z.object({
  id: z.string().min(1),
  /** The region's key. */
  region: z.string().min(1),
  author: z.string().min(1),
  /** The author's display name when they wrote it. */
  name: z.string(),
  text: z.string().min(1).max(10_000),
  at: z.string(),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

/** Decisions by region key; entries that do not parse are left out. */
export function readReviews(consensus: Y.Doc): Map<string, ReviewRecord> {
  const out = new Map<string, ReviewRecord>();
  for (const [key, value] of consensus.getMap(REVIEWS)) {
    const parsed = ReviewRecordSchema.safeParse(value);
    if (parsed.success) out.set(key, parsed.data);
  }
  return out;
}

/** Records (or replaces) a region's decision. */
export function recordReview(consensus: Y.Doc, key: string, record: ReviewRecord): void {
  consensus.getMap(REVIEWS).set(key, ReviewRecordSchema.parse(record));
}

/** Withdraws a region's decision (the region is open again). */
export function reopenReview(consensus: Y.Doc, key: string): void {
  consensus.getMap(REVIEWS).delete(key);
}

/** Every comment, oldest first; entries that do not parse are left out. */
function readComments(consensus: Y.Doc): ReviewComment[] {
  return consensus
    .getArray<unknown>(COMMENTS)
    .toArray()
    .flatMap((c) => {
      const parsed = ReviewCommentSchema.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    });
}

/** A region's comments, oldest first. */
export function readThread(consensus: Y.Doc, region: string): ReviewComment[] {
  return readComments(consensus)
    .filter((c) => c.region === region)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Number of comments on each region. */
export function threadSizes(consensus: Y.Doc): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of readComments(consensus)) out.set(c.region, (out.get(c.region) ?? 0) + 1);
  return out;
}

/** Adds a comment to a region's thread. */
export function addComment(consensus: Y.Doc, comment: ReviewComment): void {
  consensus.getArray<unknown>(COMMENTS).push([ReviewCommentSchema.parse(comment)]);
}

/** Whether the consensus was started from the codings every coder agreed on. */
export function isSeeded(consensus: Y.Doc): boolean {
  return consensus.getMap(META).get(SEEDED) === true;
}

/** Records that the consensus was started from the agreed codings. */
export function markSeeded(consensus: Y.Doc): void {
  consensus.getMap(META).set(SEEDED, true);
}

/**
 * When a disagreement region's words begin in the recording, in ms: `timeAt` of the document's
 * timeline at the region's first non-space character (as segments and quotes are timed, so one
 * passage shows one time everywhere). `start` is in code points of `text`; null without a
 * timeline or before its first cue.
 */
export function regionStartMs(cues: readonly Cue[], text: string, start: number): number | null {
  if (cues.length === 0) return null;
  const index = new CodePointIndex(text);
  const from = index.toUtf16(Math.max(0, Math.min(index.length, start)));
  const lead = Math.max(0, text.slice(from).search(/\S/));
  return timeAt(cues, index.toCodePoint(from + lead));
}
