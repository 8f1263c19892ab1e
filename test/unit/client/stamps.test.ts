import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { insertStamp } from '../../../client/src/coding/stamps.ts';
import { readCues } from '../../../shared/model/cues.ts';
import { contentText } from '../../../shared/model/text.ts';

function transcript(text: string): Y.Doc {
  const doc = new Y.Doc();
  contentText(doc).insert(0, text);
  return doc;
}

describe('typing a timestamp while transcribing', () => {
  it('writes the stamp at the cursor and anchors a cue on it, in code points', () => {
    const doc = transcript('Interviewer: 👋 How was it?');
    const at = contentText(doc).length;
    const after = insertStamp(doc, at, 3200, 20_000);
    const text = contentText(doc).toString();
    expect(text).toBe('Interviewer: 👋 How was it?\n[00:00:03] ');
    expect(after).toBe(text.length);
    const [cue] = readCues(doc);
    expect(Array.from(text).slice(cue!.start, cue!.end).join('')).toBe('[00:00:03]');
    expect(cue).toMatchObject({ startMs: 3200, endMs: 20_000 });
  });

  it('keeps the stamp after a speaker label, ends it at the next cue, and keeps it through edits', () => {
    const doc = transcript('Nurse: ');
    insertStamp(doc, 7, 9000, null);
    insertStamp(doc, 0, 1000, null);
    expect(contentText(doc).toString()).toBe('[00:00:01] Nurse: [00:00:09] ');
    expect(readCues(doc).map((c) => [c.startMs, c.endMs])).toEqual([
      [1000, 9000],
      [9000, 9000],
    ]);
    // A typo fix before the stamps moves them; deleting a stamp drops its cue.
    contentText(doc).insert(0, 'X');
    expect(readCues(doc).map((c) => c.start)).toEqual([1, 19]);
    contentText(doc).delete(1, 11);
    expect(readCues(doc).map((c) => c.startMs)).toEqual([9000]);
  });

  it('ends the turn still running at a later stamp, and names the speaker of the line', () => {
    // Found transcribing: each typed cue ran to the recording's end, so cues overlapped and a
    // REFI export's sync points went back in time; their speaker was empty.
    const doc = transcript('Nurse: ');
    insertStamp(doc, 7, 1514, 15_000);
    const typed = contentText(doc).length;
    contentText(doc).insert(typed, 'Nights are long.\nManager: ');
    insertStamp(doc, contentText(doc).length, 4844, 15_000);
    expect(readCues(doc).map((c) => [c.startMs, c.endMs, c.speaker])).toEqual([
      [1514, 4844, 'Nurse'],
      [4844, 15_000, 'Manager'],
    ]);
  });
});
