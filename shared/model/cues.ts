/**
 * The timeline of a transcript, kept in its `text:<documentId>` room beside the text: a `cues`
 * array whose entries say when the words of a passage were spoken (docs/sources.md, "Timelines").
 *
 * A cue is anchored to the text exactly as a coding is (`anchorSpan`: start on its first
 * character, end on its last) and read back with the same `AnchorResolver`, so times follow typo
 * fixes, insertions, undo and retyping the way codings do, identically on every replica. Cues are
 * plain values in a `Y.Array`; nothing edits one after it is written.
 *
 * Positions are Unicode code points of the text, half-open; times are milliseconds from the
 * start of the recording.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { RelativePositionJsonSchema } from '../schemas.ts';
import { CueSchema, type Cue } from '../sources.ts';
import { AnchorResolver } from './anchors.ts';
import { CodePointIndex } from './codePoints.ts';
import { anchorSpan } from './layer.ts';
import { contentText } from './text.ts';

/** Latest time a cue may have: 100 hours, longer than any interview, in ms. */
export const MAX_CUE_MS = 100 * 3_600_000;
/** Longest speaker name a cue keeps, in UTF-16 units (as transcript labels are at most 40). */
const MAX_SPEAKER = 200;

const CUES = 'cues';

/** A cue as stored in the text room: anchors instead of offsets. */
export const StoredCueSchema = z.object({
  start: RelativePositionJsonSchema,
  end: RelativePositionJsonSchema,
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  speaker: z.string().optional(),
});
export type StoredCue = z.infer<typeof StoredCueSchema>;

/** The text room's shared array of cues (entries: `StoredCue` values), in the order written. */
export function cuesArray(textDoc: Y.Doc): Y.Array<unknown> {
  return textDoc.getArray(CUES);
}

/**
 * Anchors cues on the text as it is now and appends them in one transaction. `start`/`end` are
 * code points of the text, half-open; `startMs`/`endMs` milliseconds.
 * @throws ZodError for a cue that is not a `Cue`; RangeError for an empty span or one outside the
 *   text (nothing is written then).
 */
export function addCues(textDoc: Y.Doc, cues: readonly Cue[]): void {
  if (cues.length === 0) return;
  const text = contentText(textDoc);
  const index = new CodePointIndex(text.toString());
  // Every cue is checked and anchored before the transaction, so a bad one writes none.
  const stored: StoredCue[] = cues.map((raw) => {
    const cue = CueSchema.parse(raw);
    const { start, end } = anchorSpan(text, cue.start, cue.end, index);
    return StoredCueSchema.parse({
      start,
      end,
      startMs: cue.startMs,
      endMs: cue.endMs,
      ...(cue.speaker === undefined ? {} : { speaker: cue.speaker }),
    });
  });
  textDoc.transact(() => cuesArray(textDoc).push(stored));
}

/**
 * The timeline as the text is now: each cue's span in code points (half-open), ordered by
 * `start` (then `startMs`). A cue whose text was deleted entirely is left out, and so is an
 * entry that does not parse (written by something newer, or damaged).
 */
export function readCues(textDoc: Y.Doc): Cue[] {
  const entries = cuesArray(textDoc).toArray();
  if (entries.length === 0) return [];
  const text = contentText(textDoc);
  const index = new CodePointIndex(text.toString());
  const anchors = new AnchorResolver(text);
  const cues: Cue[] = [];
  for (const entry of entries) {
    const parsed = StoredCueSchema.safeParse(entry);
    if (!parsed.success) continue;
    const from = anchors.resolve(parsed.data.start);
    const to = anchors.resolve(parsed.data.end);
    if (from === null || to === null || to <= from) continue;
    const { startMs, endMs, speaker } = parsed.data;
    // Anyone who may edit the text may write the array: times that cannot be a recording's are
    // left out rather than printed as "[2501999792:59:00]" in exports.
    if (endMs < startMs || endMs > MAX_CUE_MS) continue;
    cues.push(
      CueSchema.parse({
        start: index.toCodePoint(from),
        end: index.toCodePoint(to),
        startMs,
        endMs,
        ...(speaker === undefined ? {} : { speaker: speaker.slice(0, MAX_SPEAKER) }),
      }),
    );
  }
  return cues.sort((a, b) => a.start - b.start || a.startMs - b.startMs);
}

/**
 * When the words at a code point were spoken: the `startMs` of the cue holding `position`; in a
 * gap between cues (the white space between two captions, the blank line after a turn, a turn
 * typed in without a time), the `startMs` of the last cue that starts before it, since what
 * follows a cue was said after it began. Null before the first cue and without cues. `cues` must
 * be ordered by `start`, as `readCues` gives them; of overlapping cues the later-starting wins.
 */
export function timeAt(cues: readonly Cue[], position: number): number | null {
  // Binary search for the last cue with start <= position.
  let lo = 0;
  let hi = cues.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cues[mid]!.start <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : cues[lo - 1]!.startMs;
}

/**
 * A time as transcripts and papers print it: `hh:mm:ss` with the hours always shown
 * ("00:12:31" for 751 000 ms), milliseconds dropped (not rounded, so a passage is never cited
 * after it began). Hours grow past two digits when they must.
 */
export function formatTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}
