/**
 * The timeline of a transcript, kept in its `text:` room as the `cues` array: each cue anchors the
 * text it covers with relative positions, exactly as codings do (see anchors.ts), so its place
 * survives typo fixes and its time stays with its words (docs/sources.md).
 *
 * REPLACED ON MERGE: this is the minimal version the web app's player is written against; the
 * timeline part's module of the same name and exports (cuesArray, addCues, readCues, timeAt,
 * formatTime) takes its place.
 */
import type * as Y from 'yjs';
import type { Cue } from '../sources.ts';
import { AnchorResolver } from './anchors.ts';
import { CodePointIndex } from './codePoints.ts';
import { anchorSpan } from './layer.ts';
import { contentText } from './text.ts';

const CUES = 'cues';

/** One stored cue: anchors as `Y.RelativePosition` JSON, times in milliseconds. */
interface StoredCue {
  start: unknown;
  end: unknown;
  startMs: number;
  endMs: number;
  speaker?: string;
}

/** The text room's `cues` array. */
export function cuesArray(textDoc: Y.Doc): Y.Array<StoredCue> {
  return textDoc.getArray<StoredCue>(CUES);
}

/**
 * Adds cues, each anchored on the text `[start, end)` (code points of the text as it is now).
 * Empty or out-of-range spans are skipped: a cue must cover at least one character.
 */
export function addCues(textDoc: Y.Doc, cues: readonly Cue[]): void {
  const text = contentText(textDoc);
  const index = new CodePointIndex(text.toString());
  const stored: StoredCue[] = [];
  for (const cue of cues) {
    if (!(cue.start < cue.end && cue.end <= index.length)) continue;
    const { start, end } = anchorSpan(text, cue.start, cue.end, index);
    stored.push({
      start,
      end,
      startMs: cue.startMs,
      endMs: cue.endMs,
      ...(cue.speaker === undefined ? {} : { speaker: cue.speaker }),
    });
  }
  if (stored.length > 0) textDoc.transact(() => cuesArray(textDoc).push(stored));
}

/**
 * The cues as the text is now: code points, ordered by start (then by time); cues whose text
 * was deleted are dropped.
 */
export function readCues(textDoc: Y.Doc): Cue[] {
  const text = contentText(textDoc);
  const resolver = new AnchorResolver(text);
  const index = new CodePointIndex(text.toString());
  const out: Cue[] = [];
  for (const raw of cuesArray(textDoc).toArray()) {
    const from = resolver.resolve(raw.start);
    const to = resolver.resolve(raw.end);
    if (from === null || to === null || to <= from) continue;
    out.push({
      start: index.toCodePoint(from),
      end: index.toCodePoint(to),
      startMs: raw.startMs,
      endMs: raw.endMs,
      ...(raw.speaker === undefined ? {} : { speaker: raw.speaker }),
    });
  }
  return out.sort((a, b) => a.start - b.start || a.startMs - b.startMs);
}

/** The `startMs` of the cue holding code point `position`, or null outside every cue. */
export function timeAt(cues: readonly Cue[], position: number): number | null {
  for (const cue of cues) if (cue.start <= position && position < cue.end) return cue.startMs;
  return null;
}

/** Milliseconds as `hh:mm:ss` (whole seconds, rounded down). */
export function formatTime(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}
