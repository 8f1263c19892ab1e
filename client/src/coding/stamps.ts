/**
 * Typing a timestamp while transcribing a recording: the stamp `[hh:mm:ss]` goes into the text at
 * the cursor and a cue anchored on it goes into the text room's timeline, in one transaction, so
 * everyone sees the words and their time together (docs/sources.md, "Recordings in the app").
 */
import type * as Y from 'yjs';
import { addCues, cuesArray, readCues } from '../../../shared/model/cues.ts';
import { speakerLabelLength } from '../../../shared/model/citations.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { contentText } from '../../../shared/model/text.ts';
import { stampInsertion, typedCueEndMs } from '../model/playback.ts';

/**
 * Inserts the stamp of `ms` (milliseconds into the recording) at the UTF-16 offset `at` of the
 * transcript and adds its cue: the cue covers the stamp, starts at `ms` and ends when the next
 * cue in time starts, else at `durationMs` (null: not known). Returns the UTF-16 offset just
 * after the inserted text, where typing goes on.
 */
export function insertStamp(textDoc: Y.Doc, at: number, ms: number, durationMs: number | null): number {
  const text = contentText(textDoc);
  const before = text.toString();
  const offset = Math.min(Math.max(0, at), before.length);
  const lineStart = before.lastIndexOf('\n', offset - 1) + 1;
  const startMs = Math.max(0, Math.round(ms));
  const { insert, stampOffset, stampLength } = stampInsertion(before.slice(lineStart, offset), startMs);
  const endMs = typedCueEndMs(readCues(textDoc), startMs, durationMs);
  const line = before.slice(lineStart, offset).trimEnd();
  const label = speakerLabelLength(line);
  // "Nurse: " before the stamp names who speaks from then on.
  const speaker = label > 0 && label === line.length ? line.replace(/:\s*$/, '').trim() : '';
  textDoc.transact(() => {
    text.insert(offset, insert);
    const index = new CodePointIndex(text.toString());
    const start = index.toCodePoint(offset + stampOffset);
    endInterruptedCues(textDoc, startMs);
    addCues(textDoc, [{ start, end: start + stampLength, startMs, endMs, ...(speaker ? { speaker } : {}) }]);
  });
  return offset + insert.length;
}

/**
 * Ends at `ms` every cue still running then (it started before and ended after): a stamp typed
 * later in the recording starts the next turn, so the one before ends there and cues do not
 * overlap in time (a REFI-QDA export writes them as sync points, which must not go back in time).
 */
function endInterruptedCues(textDoc: Y.Doc, ms: number): void {
  const cues = cuesArray(textDoc);
  cues.toArray().forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object') return;
    const { startMs, endMs } = entry as { startMs?: unknown; endMs?: unknown };
    if (typeof startMs !== 'number' || typeof endMs !== 'number' || !(startMs < ms && ms < endMs)) return;
    cues.delete(i, 1);
    cues.insert(i, [{ ...(entry as object), endMs: ms }]);
  });
}
