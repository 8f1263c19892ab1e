/**
 * Typing a timestamp while transcribing a recording: the stamp `[hh:mm:ss]` goes into the text at
 * the cursor and a cue anchored on it goes into the text room's timeline, in one transaction, so
 * everyone sees the words and their time together (docs/sources.md, "Recordings in the app").
 */
import type * as Y from 'yjs';
import { addCues, readCues } from '../../../shared/model/cues.ts';
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
  textDoc.transact(() => {
    text.insert(offset, insert);
    const index = new CodePointIndex(text.toString());
    const start = index.toCodePoint(offset + stampOffset);
    addCues(textDoc, [{ start, end: start + stampLength, startMs, endMs }]);
  });
  return offset + insert.length;
}
